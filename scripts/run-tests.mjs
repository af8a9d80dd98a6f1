#!/usr/bin/env node
// Runs every test file under test/ with node's test runner (via tsx), so the closing
// summary counts everything. Node 20 does not expand globs itself; this lists the files.
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {spawnSync} from 'node:child_process';

function find(dir) {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'helpers' ? [] : find(full);
		return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

const only = process.argv.slice(2);
const files = (only.length > 0 ? only : find('test')).sort();
if (files.length === 0) {
	console.error('No test files found under test/.');
	process.exit(1);
}
const concurrency = process.env.BBACCESS_TEST_CONCURRENCY ?? '4';
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
	{stdio: 'inherit', env: {...process.env, NODE_ENV: 'test'}},
);
process.exit(result.status ?? 1);
