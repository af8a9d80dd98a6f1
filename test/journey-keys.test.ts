/**
 * Type like a person, in a real terminal (tmux 120×40) on `bbaccess demo`: keys are sent in bursts
 * with no waits between them (`send-keys -l`), and a real bracketed paste (`paste-buffer -p`).
 * `\r4jjjjj` opens acme, goes to Repositories and moves five rows; `:repo billing-service` and
 * Enter in one call open it; a paste into `/` filters without pressing Enter; a paste outside a
 * prompt is ignored with a flash. Skipped (with the reason) where tmux is not installed.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {TmuxSession, tmuxAvailable} from './helpers/tmux-session.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed (apt-get install tmux)';

const lines = (screen: string) => screen.split('\n');
const promptOpen = (screen: string) => lines(screen).some(line => /^[/:]/.test(line));

test('keys in bursts and a bracketed paste: every key applied, the paste never presses Enter', {skip, timeout: 60_000}, async () => {
	const tmux = TmuxSession.start({
		command: 'node --import tsx source/cli.tsx demo',
		cwd: process.cwd(),
		env: {TERM: 'xterm-256color', NO_COLOR: ''},
		columns: 120,
		rows: 40,
	});
	try {
		// Waiting for the app to start and the data to load is fine; after that, no waits between keys.
		await tmux.waitFor(/Partial: acme-labs/, {timeoutMs: 30_000});
		await tmux.waitFor(text => lines(text).some(line => /^[›\s]+Acme Corp/.test(line)));

		tmux.type('\r4jjjjj');
		let screen = await tmux.waitFor(/Repositories \d+/);
		screen = await tmux.waitFor(/\b6 of \d+/);
		assert.match(lines(screen)[0] ?? '', /acme/);

		tmux.keys(':repo billing-service', 'Enter');
		screen = await tmux.waitFor(text => /billing-service/.test(lines(text)[0] ?? '') && /Alex Morgan/.test(text) && !promptOpen(text));

		tmux.type('/');
		tmux.paste('mulder\n');
		// The view loads billing-service's grants meanwhile; fmulder's READ comes from them.
		screen = await tmux.waitFor(text => /Fox Mulder/.test(text) && /filtered from/.test(text) && lines(text).some(line => line.startsWith('/mulder')));
		assert.match(lines(screen)[0] ?? '', /billing-service/, 'the pasted newline did not press Enter (no view opened)');

		tmux.keys('Escape');
		tmux.paste('q\r');
		screen = await tmux.waitFor(/paste ignored: open \/ or : first/);
		assert.doesNotMatch(screen, /EXIT=/, 'the pasted q did not quit');
		assert.doesNotMatch(screen, /filtered from/, 'Esc cleared the filter');

		tmux.type('q');
		assert.equal(await tmux.exitCode(), 0);
	} finally {
		tmux.close();
	}
});
