import {test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';

const readme = readFileSync('README.md', 'utf8');

test('README quick start is exactly the two newcomer commands, and CI runs the same test command', () => {
	const quickStart = readme.split('## Quick start')[1]?.split('## ')[0] ?? '';
	const block = /```sh\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? '';
	const commands = block.split('\n').filter(line => line.trim() !== '').map(line => line.replace(/\s+#.*$/, '').trim());
	assert.deepEqual(commands, ['npm install && npm run demo', 'npm install && npm test']);
	const ci = readFileSync('.ci/run', 'utf8');
	assert.match(ci, /\bnpm test\b/, '.ci/run runs the README test command');
	const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {scripts: Record<string, string>};
	assert.ok(pkg.scripts.demo && pkg.scripts.test, 'both scripts exist');
});

test('every relative link and image in README points at a file in the repository', () => {
	const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map(match => match[1]!).filter(target => !/^[a-z]+:/.test(target));
	assert.ok(targets.length >= 8, `found ${targets.length} links`);
	for (const target of targets) assert.ok(existsSync(target), `README links to ${target}, which does not exist`);
});
