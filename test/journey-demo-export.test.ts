/**
 * A real-terminal check under tmux (80×24) on `bbaccess demo`: `e` writes into the user's own
 * export directory (the state directory's `exports/`), not the demo's temp dir, the flash gives the
 * full path (wrapped, not cut), and the file is still there after the demo quits (issue 13).
 * Skipped (with the reason) where tmux is not installed.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {TmuxSession, tmuxAvailable} from './helpers/tmux-session.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed (apt-get install tmux)';

test('demo at 80×24: e exports to the user state directory, says the full path, and the file outlives the demo', {skip, timeout: 60_000}, async () => {
	const state = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-export-state-'));
	const tmux = TmuxSession.start({
		command: 'node --import tsx source/cli.tsx demo',
		cwd: process.cwd(),
		env: {TERM: 'xterm-256color', NO_COLOR: '', CI: 'true', XDG_STATE_HOME: state, BBACCESS_EXPORT_DIR: ''},
		columns: 80,
		rows: 24,
	});
	try {
		await tmux.waitFor(/Acme Corp/, {timeoutMs: 30_000});
		tmux.type('ec');
		const screen = await tmux.waitFor(/Exported 2 rows to/, {timeoutMs: 10_000});
		const dir = path.join(state, 'bbaccess', 'exports');
		const lines = screen.trimEnd().split('\n');
		const start = lines.findIndex(line => line.startsWith('Exported 2 rows to'));
		const flash = lines.slice(start).map(line => line.trim()).join('');
		const shown = /Exported 2 rows to (\S+\.csv)/.exec(flash)?.[1];
		assert.ok(shown, `a full path in the flash: ${flash}`);
		assert.equal(path.dirname(shown), dir, 'the user state directory, not the demo temp dir');
		assert.match(path.basename(shown), /^bbaccess-workspaces-\d{8}-\d{6}\.csv$/);
		tmux.keys('q');
		assert.equal(await tmux.exitCode(), 0);
		assert.deepEqual(await readdir(dir), [path.basename(shown)], 'still there after the demo quit');
		assert.match(await readFile(shown, 'utf8'), /Acme Corp/);
	} finally {
		tmux.close();
		await rm(state, {recursive: true, force: true});
	}
});
