/**
 * A real-terminal journey under tmux (120×40) on `bbaccess demo`: open acme, go to Repositories,
 * open api-gateway, see Dana Scully at WRITE via group developers on project PLAT, jump
 * `:user lilei`, see api-gateway at ADMIN (repository grant), open help, quit with q, exit 0.
 * Skipped (with the reason) where tmux is not installed.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {TmuxSession, tmuxAvailable} from './helpers/tmux-session.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed (apt-get install tmux)';

/** The row of a table that starts with (after the selection marker) the given text. */
function rowOf(screen: string, start: string): string | undefined {
	return screen.split('\n').find(line => line.replace(/^[›\s]+/, '').startsWith(start));
}

test('demo journey: repository access, person view, help, quit', {skip, timeout: 60_000}, async () => {
	const tmux = TmuxSession.start({
		command: 'node --import tsx source/cli.tsx demo',
		cwd: process.cwd(),
		// CI=true as on a CI machine: a real terminal must still get every frame (Ink hides frames in CI).
		env: {TERM: 'xterm-256color', NO_COLOR: '', CI: 'true'},
		columns: 120,
		rows: 40,
	});
	try {
		// The demo syncs, then opens the workspace list.
		await tmux.waitFor(text => rowOf(text, 'Acme Corp') !== undefined, {timeoutMs: 30_000});
		// The list can appear while the last workspace is still finishing; the status then settles.
		let screen = await tmux.waitFor(/synced [^—\n]*· ! 1 problem \(P\)/, {timeoutMs: 30_000});
		assert.ok(rowOf(screen, 'Acme Corp') !== undefined);
		assert.ok(screen.trimEnd().split('\n').length <= 40, 'the frame fits the terminal');

		// Typed like a person, in one burst: open acme, Repositories, filter, close the prompt, open.
		tmux.type('\r4/api-gateway\r\r');
		// Waiting for data is fine: the view loads api-gateway's repository grants (lilei's ADMIN below).
		screen = await tmux.waitFor(text => rowOf(text, 'Dana Scully') !== undefined && /api-gateway/.test(text.split('\n')[0] ?? '') && !/Loading repository grants/.test(text));
		const dana = rowOf(screen, 'Dana Scully')!;
		assert.match(dana, /\bWRITE\b/);
		assert.match(dana, /via group developers on project PLAT/);

		tmux.keys(':user lilei', 'Enter');
		screen = await tmux.waitFor(text => (text.split('\n')[0] ?? '').includes('(lilei)') && rowOf(text, 'acme/api-gateway ') !== undefined);
		const gateway = rowOf(screen, 'acme/api-gateway ')!;
		assert.match(gateway, /\brepo\b/);
		assert.match(gateway, /\bADMIN\b/);
		assert.match(gateway, /repository grant/);

		tmux.keys('?');
		screen = await tmux.waitFor(text => /│ Keys/.test(text) && /│ Navigation/.test(text));
		assert.match(screen, /Move down/);
		// The one wait between keys: Esc and the next key in one read are Alt+key (as in every
		// terminal), so the test sees Esc close the help before it types q.
		tmux.keys('Escape');
		await tmux.waitFor(text => !/│ Navigation/.test(text));
		tmux.keys('q');
		assert.equal(await tmux.exitCode(), 0);
	} finally {
		tmux.close();
	}
});
