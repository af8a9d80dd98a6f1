import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {runtimeProblem, MINIMUM_NODE} from '../source/runtime-check.js';

test('the runtime check refuses anything older than 22.19 in one line, and accepts 22.19 and newer', () => {
	assert.equal(runtimeProblem('v20.20.2'), 'bbaccess needs Node.js 22.19 or newer (this is v20.20.2)');
	assert.equal(runtimeProblem('22.18.9'), 'bbaccess needs Node.js 22.19 or newer (this is v22.18.9)');
	assert.equal(runtimeProblem('18.0.0'), 'bbaccess needs Node.js 22.19 or newer (this is v18.0.0)');
	for (const ok of ['22.19.0', '22.20.1', '24.22.3', '26.0.0', MINIMUM_NODE]) assert.equal(runtimeProblem(ok), undefined, ok);
});

test('package.json declares the same minimum, and the installed command is the checking entry', () => {
	const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {engines: {node: string}; bin: Record<string, string>};
	assert.equal(pkg.engines.node, '>=22.19');
	assert.equal(pkg.bin['bbaccess'], 'dist/bin.js');
	const bin = readFileSync('source/bin.ts', 'utf8');
	assert.match(bin, /runtimeProblem\(process\.versions\.node\)/);
	assert.doesNotMatch(bin.replace(/import \{runtimeProblem\}[^\n]*\n/, ''), /^import /m, 'bin.ts loads nothing else statically');
});

// The machines here ship Node 20, so the real refusal can be shown with the system's node.
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find(path => existsSync(path));
const systemVersion = systemNode ? execFileSync(systemNode, ['--version'], {encoding: 'utf8'}).trim() : '';
const oldSystemNode = systemNode && runtimeProblem(systemVersion) ? systemNode : undefined;

test('an old Node gets the one-line refusal and exit code 2, not a stack trace', {skip: oldSystemNode ? false : `no Node older than 22.19 on this machine (system node: ${systemVersion || 'none'})`}, () => {
	const result = spawnSync(oldSystemNode!, ['--import', 'tsx', 'source/bin.ts', '--version'], {encoding: 'utf8'});
	assert.equal(result.status, 2, result.stderr);
	assert.equal(result.stderr, `bbaccess needs Node.js 22.19 or newer (this is ${systemVersion})\n`);
	assert.equal(result.stdout, '');
});
