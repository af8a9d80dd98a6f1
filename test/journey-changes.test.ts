/**
 * A real-terminal journey under tmux (120×40) on `bbaccess demo --port P`: open api-gateway, select
 * lilei, press x; the dialog shows the explicit entry ADMIN → NONE, the effective level ADMIN →
 * WRITE and that WRITE remains via group developers on project PLAT; Esc sends nothing; typing the
 * name applies; the view and the emulator's /_emulator/state agree; quit exits 0.
 * Skipped (with the reason) where tmux is not installed.
 */
import assert from 'node:assert/strict';
import {createServer} from 'node:net';
import {test} from 'node:test';
import type {EmulatorStats, ExportedState} from '../source/emulator/index.js';
import {explorerCommands} from '../source/ui/keys/command-sets.js';
import {repoUserLevel} from './helpers/changes-env.js';
import {TmuxSession, tmuxAvailable} from './helpers/tmux-session.js';

const skip = !tmuxAvailable()
	? 'tmux is not installed (apt-get install tmux)'
	: !explorerCommands().some(command => command.id === 'change.revoke')
		? 'the change keys are not registered in the explorer yet'
		: false;

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

function rowOf(screen: string, start: string): string | undefined {
	return screen.split('\n').find(line => line.replace(/^[›\s]+/, '').startsWith(start));
}

test('changes journey: revoke lilei\'s repository ADMIN on api-gateway, see what remains, confirm, view and emulator agree', {skip, timeout: 90_000}, async () => {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const json = async <T>(route: string): Promise<T> => (await fetch(`${base}${route}`).then(response => response.json())) as T;
	const writes = async () => {
		const stats = await json<EmulatorStats>('/_emulator/stats');
		return (stats.byMethod.PUT ?? 0) + (stats.byMethod.DELETE ?? 0);
	};
	const tmux = TmuxSession.start({
		command: `node --import tsx source/cli.tsx demo --port ${port}`,
		cwd: process.cwd(),
		env: {TERM: 'xterm-256color', NO_COLOR: ''},
		columns: 120,
		rows: 40,
	});
	try {
		await tmux.waitFor(text => rowOf(text, 'Acme Corp') !== undefined, {timeoutMs: 30_000});
		assert.equal(repoUserLevel(await json<ExportedState>('/_emulator/state'), 'acme/api-gateway', 'lilei'), 'admin');

		// Typed in bursts, with no waits between keys (only for data to load).
		tmux.keys(':repo acme/api-gateway', 'Enter');
		await tmux.waitFor(text => rowOf(text, '李雷') !== undefined && /api-gateway/.test(text));
		tmux.type('/lilei\r');
		await tmux.waitFor(text => /1 of 1/.test(text) && !text.split('\n').some(line => line.startsWith('/')));

		tmux.keys('x');
		let screen = await tmux.waitFor(/Type 'acme\/api-gateway' to confirm/);
		assert.match(screen, /Explicit entry: ADMIN → NONE/);
		assert.match(screen, /Effective: lilei ADMIN → WRITE on api-gateway/);
		assert.match(screen, /! lilei keeps WRITE on api-gateway via group developers on project PLAT/);
		assert.match(screen, /DELETE \/2\.0\/repositories\/acme\/api-gateway\/permissions-config\/users\//);

		// Esc and the next key in one read would be Alt+key: the test sees Esc cancel first.
		tmux.keys('Escape');
		await tmux.waitFor(/Cancelled: nothing was sent/);
		assert.equal(await writes(), 0, 'Esc sent nothing');

		// Waiting for data, not between keys: x plans by reading the current state from Bitbucket,
		// and keys pressed while it plans are not kept (nothing can be confirmed unseen).
		tmux.keys('x');
		await tmux.waitFor(/Type 'acme\/api-gateway' to confirm/);
		tmux.type('acme/api-gateway\r');
		screen = await tmux.waitFor(/Result: .*\n(.*\n)*.*Bitbucket now shows NONE/);
		assert.equal(repoUserLevel(await json<ExportedState>('/_emulator/state'), 'acme/api-gateway', 'lilei'), undefined, 'the emulator agrees');
		assert.equal(await writes(), 1, 'one DELETE');

		tmux.keys('Escape');
		screen = await tmux.waitFor(text => !/Result: /.test(text) && rowOf(text, '李雷') !== undefined);
		const row = rowOf(screen, '李雷')!;
		assert.match(row, /\bWRITE\b/, 'the view shows the verified effective level');
		assert.match(row, /via group developers on project PLAT/);
		assert.doesNotMatch(row, /\bADMIN\b/);

		tmux.keys('q');
		screen = await tmux.waitFor(/EXIT=\d+/);
		assert.match(screen, /EXIT=0/);
	} finally {
		tmux.close();
	}
});
