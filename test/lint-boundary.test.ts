import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';

// The layering rule must make a violation fail lint. Write offending files inside the real
// layer folders (the rule is keyed on the path), lint them, and always clean up.
function lintTemporary(relativeDir: string, source: string): {status: number | null; output: string} {
	const dir = mkdtempSync(path.join(relativeDir, '.lint-probe-'));
	const file = path.join(dir, 'probe.ts');
	try {
		writeFileSync(file, source);
		const result = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '--no-warn-ignored', file], {encoding: 'utf8'});
		return {status: result.status, output: result.stdout + result.stderr};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

test('source/core importing ink fails lint', () => {
	const result = lintTemporary('source/core', "import {Text} from 'ink';\nexport const x = Text;\n");
	assert.notEqual(result.status, 0);
	assert.match(result.output, /must not depend on Ink/);
});

test('source/core importing react fails lint', () => {
	const result = lintTemporary('source/core', "import React from 'react';\nexport const x = React;\n");
	assert.notEqual(result.status, 0);
	assert.match(result.output, /must not depend on React/);
});

test('source/core importing from source/ui fails lint', () => {
	const result = lintTemporary('source/core', "import {x} from '../../ui/theme.js';\nexport const y = x;\n");
	assert.notEqual(result.status, 0);
	assert.match(result.output, /must not import UI code/);
});

test('source/ui reaching the network or the keychain fails lint', () => {
	const network = lintTemporary('source/ui', "import {request} from 'undici';\nexport const x = request;\n");
	assert.notEqual(network.status, 0);
	assert.match(network.output, /must not call the network/);
	const keychain = lintTemporary('source/ui', "import {Entry} from '@napi-rs/keyring';\nexport const x = Entry;\n");
	assert.notEqual(keychain.status, 0);
	assert.match(keychain.output, /must not touch the keychain/);
	const globalFetch = lintTemporary('source/ui', "export const x = () => fetch('https://example.invalid');\n");
	assert.notEqual(globalFetch.status, 0);
});

test('a clean core file passes lint', () => {
	const result = lintTemporary('source/core', "import {levelRank} from '../model.js';\nexport const x = levelRank('read');\n");
	assert.equal(result.status, 0, result.output);
});
