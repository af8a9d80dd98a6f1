/**
 * The deep pass saves its progress as it goes and once at the end; only the end is marked final,
 * so the snapshot history keeps one compressed copy per pass instead of one per progress save.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {runDeepPass, withDeepPass} from '../source/core/sync/deep-pass.js';
import {saveSnapshot, syncAccess} from '../source/core/sync/index.js';
import type {AccessSnapshot} from '../source/core/model.js';
import {startTestEmulator} from './helpers/emulator.js';
import {clientFor} from './helpers/sync-harness.js';

test('progress saves are not final; the one final save comes last and holds every repository', async t => {
	const emulator = await startTestEmulator(t);
	const client = clientFor(emulator);
	const {snapshot} = await syncAccess(client, {});
	const saves: {final: boolean; loaded: number}[] = [];
	const loaded = (snap: AccessSnapshot) => Object.values(snap.repositoryGrantStatus).filter(state => state.state === 'loaded').length;
	const result = await runDeepPass(withDeepPass(snapshot), {
		client,
		wait: false,
		saveEvery: 5,
		save: async (snap, {final}) => {
			saves.push({final, loaded: loaded(snap)});
		},
	});
	assert.equal(result.done, result.total);
	assert.ok(saves.length >= 3, `saved ${saves.length} times`);
	assert.deepEqual(saves.map(save => save.final), [...saves.slice(0, -1).map(() => false), true]);
	assert.equal(saves.at(-1)!.loaded, loaded(result.snapshot));
});

test('saveSnapshot with history: false writes the snapshot but keeps no history copy', async t => {
	const emulator = await startTestEmulator(t);
	const {snapshot} = await syncAccess(clientFor(emulator), {});
	const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-saves-'));
	t.after(() => rmSync(cacheDir, {recursive: true, force: true}));
	const history = () => {
		try {
			return readdirSync(path.join(cacheDir, 'history')).filter(name => name.endsWith('.gz')).length;
		} catch {
			return 0;
		}
	};
	await saveSnapshot(snapshot, {cacheDir}, {history: false});
	assert.equal(history(), 0);
	await saveSnapshot(snapshot, {cacheDir});
	assert.equal(history(), 1);
});
