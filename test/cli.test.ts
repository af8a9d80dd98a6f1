import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};

function cli(...args: string[]) {
	return spawnSync(process.execPath, ['--import', 'tsx', 'source/cli.tsx', ...args], {encoding: 'utf8'});
}

test('--version prints the package version and exits 0 without loading Ink', () => {
	const result = spawnSync(
		process.execPath,
		['--import', 'tsx', 'source/cli.tsx', '--version'],
		{encoding: 'utf8'},
	);
	assert.equal(result.status, 0);
	assert.equal(result.stdout.trim(), pkg.version);
});

test('--version path does not import ink or react', async () => {
	const cliSource = readFileSync('source/cli.tsx', 'utf8');
	const staticImports = [...cliSource.matchAll(/^import .* from '([^']+)';$/gm)].map(m => m[1]);
	for (const specifier of staticImports) {
		assert.doesNotMatch(specifier!, /^(ink|react)/, `cli.tsx statically imports ${specifier}`);
	}
	const index = readFileSync('source/commands/index.ts', 'utf8');
	assert.doesNotMatch(index, /^import .*from '(ink|react)/m);
});

test('--help lists the commands and exits 0', () => {
	const result = cli('--help');
	assert.equal(result.status, 0);
	assert.match(result.stdout, /Usage: bbaccess/);
	assert.match(result.stdout, /--version/);
});

test('an unknown command gives a one-line error, the usage, and exit code 2', () => {
	const result = cli('frobnicate');
	assert.equal(result.status, 2);
	const [firstLine] = result.stderr.split('\n');
	assert.equal(firstLine, "bbaccess: unknown command 'frobnicate'");
	assert.match(result.stderr, /Usage: bbaccess/);
	assert.doesNotMatch(result.stderr, /at .*\(.*:\d+:\d+\)/, 'no stack trace');
});
