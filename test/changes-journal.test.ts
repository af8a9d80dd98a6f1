/**
 * The change journal file: append-only JSON Lines, created private (0600, directory 0700), an
 * existing file tightened, torn or hand-edited lines skipped (counted), a missing file is empty.
 */
import assert from 'node:assert/strict';
import {appendFile, chmod, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {Journal, type JournalEntry} from '../source/core/changes/index.js';

let root: string;
before(async () => {
	root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-journal-'));
});
after(async () => rm(root, {recursive: true, force: true}));

function entry(outcome: JournalEntry['outcome'], summary: string): JournalEntry {
	return {
		time: '2026-11-29T12:00:00.000Z',
		batch: 'b1',
		operation: 'revoke',
		account: 'admin@acme.test',
		apiUrl: 'http://127.0.0.1:1',
		request: {type: 'permission', target: {type: 'repository', workspace: 'acme', fullName: 'acme/api-gateway'}, principal: {type: 'group', slug: 'developers'}, level: undefined},
		summary,
		before: {type: 'permission', level: 'write'},
		after: {type: 'permission', level: undefined},
		requests: [{method: 'DELETE', path: '/2.0/repositories/acme/api-gateway/permissions-config/groups/developers', status: 204}],
		outcome,
	};
}

test('a missing journal reads as empty', async () => {
	const journal = new Journal(path.join(root, 'none', 'journal.jsonl'));
	assert.deepEqual(await journal.read(), {entries: [], skippedLines: 0});
});

test('append creates a private file in a private directory and appends one line per entry', async () => {
	const file = path.join(root, 'state', 'bbaccess', 'journal.jsonl');
	const journal = new Journal(file);
	await journal.append([entry('applied-verified', 'first')]);
	await journal.append([entry('no-op', 'second'), entry('failed', 'third')]);
	assert.equal((await stat(file)).mode & 0o777, 0o600);
	assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);
	const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
	assert.equal(lines.length, 3);
	const {entries} = await journal.read();
	assert.deepEqual(entries.map(item => [item.summary, item.outcome]), [['first', 'applied-verified'], ['second', 'no-op'], ['third', 'failed']]);
});

test('an existing, too-open journal is tightened to 0600 on the next append', async () => {
	const file = path.join(root, 'open', 'journal.jsonl');
	await new Journal(file).append([entry('dry-run', 'x')]);
	await chmod(file, 0o644);
	await new Journal(file).append([entry('dry-run', 'y')]);
	assert.equal((await stat(file)).mode & 0o777, 0o600);
});

test('torn and foreign lines are skipped and counted, the rest is read', async () => {
	const file = path.join(root, 'torn', 'journal.jsonl');
	const journal = new Journal(file);
	await journal.append([entry('applied-verified', 'good')]);
	await appendFile(file, '{"time": "2026-11-29T12:00:01Z", "batch": "b2", "outc\n');
	await appendFile(file, '{"hello": "world"}\n\n');
	await journal.append([entry('no-op', 'also good')]);
	const result = await journal.read();
	assert.deepEqual(result.entries.map(item => item.summary), ['good', 'also good']);
	assert.equal(result.skippedLines, 2);
});

test('a journal that cannot be written is a config error naming the file', async () => {
	const blocker = path.join(root, 'blocker');
	await writeFile(blocker, 'a file where a directory should be');
	const journal = new Journal(path.join(blocker, 'journal.jsonl'));
	await assert.rejects(journal.append([entry('no-op', 'x')]), (error: unknown) => {
		assert.ok(error instanceof Error);
		assert.match(error.message, /could not write the change journal .*blocker\/journal\.jsonl/);
		return true;
	});
});
