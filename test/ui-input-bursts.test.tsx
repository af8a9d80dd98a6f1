/**
 * Type like a person: keys arrive several to a read (a burst, key repeat, tmux send-keys) and
 * pastes arrive bracketed. Every key of a chunk is applied, in order, each seeing the state the
 * previous one left; a paste is text for the open field and never presses Enter.
 */
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {Explorer} from '../source/ui/explorer/explorer.js';
import {changeCommands} from '../source/ui/changes/change-commands.js';
import {explorerCommands} from '../source/ui/keys/command-sets.js';
import {createMemoryBackend, largeSnapshot} from './helpers/demo-graph.js';
import {startDemoBackend, type DemoBackend} from './helpers/demo-backend.js';
import {frameLines, renderAt, renderExplorer} from './helpers/render.js';
import {demoSnapshot} from './helpers/snapshot-builder.js';
import type {EmulatorStats} from '../source/emulator/index.js';

const members = {view: 'workspace', workspace: 'acme', section: 'members'} as const;
const paste = (text: string) => `\u001B[200~${text}\u001B[201~`;

/** The prompt line (the line starting with "/" or ":"), if open. */
function promptLine(text: string): string | undefined {
	return frameLines(text).find(line => /^[/:]/.test(line));
}

test("'jjj' in one read moves three rows, drawn as one frame", async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		const before = ui.stdout.frames.length;
		ui.stdin.write('jjj');
		assert.equal(ui.stdout.frames.length - before, 1, 'the three keys are drawn as one frame');
		await ui.waitFor(t => t.includes('4 of 5'), 'three rows down');
		ui.stdin.write('kG');
		await ui.waitFor(t => t.includes('5 of 5'), 'k then G');
	} finally {
		ui.unmount();
	}
});

test('held j (key repeat): 50 in one read and 50 at 30 keys/s are each applied once; the last frame shows the final row', {timeout: 30_000}, async () => {
	const ui = renderExplorer(createMemoryBackend(largeSnapshot(200)), {columns: 120, rows: 40, initialView: {view: 'workspace', workspace: 'bigco', section: 'repositories'}});
	try {
		await ui.waitFor(t => t.includes('1 of 200'));
		const before = ui.stdout.frames.length;
		ui.stdin.write('j'.repeat(50));
		assert.equal(ui.stdout.frames.length - before, 1, 'one read of 50 keys is one frame');
		await ui.waitFor(t => t.includes('51 of 200'), 'all 50 applied');
		// Auto-repeat: one key per read, 33 ms apart; every one applied, none twice.
		for (let index = 0; index < 50; index++) {
			ui.stdin.write('j');
			await new Promise(resolve => setTimeout(resolve, 33));
		}
		const text = await ui.waitFor(t => t.includes('101 of 200'), 'all 50 repeated keys applied');
		assert.match(text, /› service-0100\b/, 'the selection is on the 101st repository');
		await new Promise(resolve => setTimeout(resolve, 100));
		assert.match(ui.text(), /\b101 of 200\b/, 'nothing applied twice');
	} finally {
		ui.unmount();
	}
});

test("':repo api-gateway\\r' in one read opens api-gateway", async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		ui.stdin.write(':repo api-gateway\r');
		const text = await ui.waitFor(t => (frameLines(t)[0] ?? '').includes('api-gateway') && t.includes('李雷'), 'the repository view');
		assert.equal(promptLine(text), undefined, 'the prompt closed');
		ui.stdin.write('jj');
		await ui.waitFor(t => /\b3 of \d/.test(t), 'keys after Enter go to the view, not the prompt');
	} finally {
		ui.unmount();
	}
});

test("'/mul' then 'der\\r' filters and closes the prompt", async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		ui.stdin.write('/mul');
		await ui.waitFor(t => promptLine(t)?.startsWith('/mul') === true, 'the prompt shows /mul');
		ui.stdin.write('der\r');
		const text = await ui.waitFor(t => t.includes('1 of 1 (filtered from 5)') && promptLine(t) === undefined, 'filtered, prompt closed');
		assert.match(text, /Fox Mulder/);
		assert.doesNotMatch(text, /Dana Scully/);
	} finally {
		ui.unmount();
	}
});

test("'3\\r' in one read switches to the third tab and opens its first row", async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		ui.stdin.write('3\r');
		await ui.waitFor(t => /DATA|PLAT/.test(frameLines(t)[0] ?? ''), 'a project opened from the Projects tab');
	} finally {
		ui.unmount();
	}
});

test('a CJK name typed in one read filters by it', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		ui.stdin.write('/李雷\r');
		const text = await ui.waitFor(t => t.includes('1 of 1 (filtered from 5)') && promptLine(t) === undefined, 'filtered by 李雷');
		assert.match(text, /李雷/);
	} finally {
		ui.unmount();
	}
});

test('a bracketed paste goes into / as text; it never presses Enter; outside a prompt it is ignored with a flash', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: {view: 'workspace', workspace: 'acme', section: 'repositories'}, flashMs: 60_000});
	try {
		await ui.waitFor(t => t.includes('1 of 4'));
		ui.stdin.write('/');
		ui.stdin.write(paste('api-gateway\n'));
		let text = await ui.waitFor(t => t.includes('1 of 1 (filtered from 4)'), 'the paste filtered');
		assert.equal(promptLine(text), '/api-gateway', 'the newline was removed and the prompt is still open');
		ui.stdin.write('\r');
		await ui.waitFor(t => promptLine(t) === undefined, 'Enter closes the prompt');
		ui.stdin.write(paste('j\r'));
		text = await ui.waitFor(t => t.includes('paste ignored: open / or : first'), 'the flash');
		assert.match(text, /1 of 1/, 'the pasted j did not move and its Enter did not open');
		assert.doesNotMatch(frameLines(text)[0] ?? '', /api-gateway/);
	} finally {
		ui.unmount();
	}
});

test('a paste split over several reads is one paste', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		ui.stdin.write('/\u001B[200~Fox');
		ui.stdin.write(' Mul');
		ui.stdin.write('der\r\n\u001B[201~');
		const text = await ui.waitFor(t => t.includes('1 of 1 (filtered from 5)'), 'filtered by the pasted name');
		assert.match(promptLine(text) ?? '', /^\/Fox Mulder\s+\(case-sensitive\)$/, 'one paste, line breaks removed, prompt open');
	} finally {
		ui.unmount();
	}
});

test('Esc then j a few ms apart are two keys; Esc and x in one read are Alt+x', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: members});
	try {
		await ui.waitFor(t => t.includes('1 of 5'));
		ui.stdin.write('/sc');
		await ui.waitFor(t => promptLine(t)?.startsWith('/sc') === true);
		ui.stdin.write('\u001Bx');
		await new Promise(resolve => setTimeout(resolve, 5));
		ui.stdin.write('u');
		let text = await ui.waitFor(t => promptLine(t)?.startsWith('/scu') === true, 'Alt+x typed nothing; u was typed');
		ui.stdin.write('\u001B');
		await new Promise(resolve => setTimeout(resolve, 5));
		ui.stdin.write('j');
		text = await ui.waitFor(t => promptLine(t) === undefined && t.includes('2 of 5'), 'Esc closed the prompt at once; j moved the cursor');
		assert.doesNotMatch(text, /filtered/);
	} finally {
		ui.unmount();
	}
});

test('Esc then x 5 ms apart: Esc closes the prompt at once and x acts on the list (not Alt+x, not typed)', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {initialView: {view: 'repository', fullName: 'acme/api-gateway'}, flashMs: 60_000});
	try {
		await ui.waitFor(t => t.includes('1 of 3'));
		// Alt+x (Esc and x in one read) is its own key: not x, not Esc.
		ui.stdin.write('\u001Bx');
		await new Promise(resolve => setTimeout(resolve, 30));
		assert.doesNotMatch(ui.text(), /Changes are not available/, 'Alt+x is not x');
		ui.stdin.write('/sc');
		await ui.waitFor(t => promptLine(t)?.startsWith('/sc') === true);
		ui.stdin.write('\u001B');
		await new Promise(resolve => setTimeout(resolve, 5));
		ui.stdin.write('x');
		const text = await ui.waitFor(t => t.includes('Changes are not available in this session'), 'x reached the list (its flash in a session without changes)');
		assert.equal(promptLine(text), undefined, 'the prompt closed');
		assert.doesNotMatch(text, /filtered/, 'Esc cleared the filter; x was not typed into it');
		assert.match(text, /\b1 of 3\b/);
	} finally {
		ui.unmount();
	}
});

describe('typed confirmation', () => {
	let demo: DemoBackend;
	before(async () => {
		demo = await startDemoBackend();
		await demo.backend.refresh();
	});
	after(async () => demo.close());

	test('a paste fills the typed confirmation and never confirms; Enter does', async () => {
		const extra = explorerCommands().some(command => command.id === 'change.grant') ? [] : changeCommands;
		const ui = renderAt(
			<Explorer backend={demo.backend} initialView={{view: 'repository', fullName: 'acme/api-gateway'}} commands={extra} onQuit={() => undefined} flashMs={60_000} />,
			{columns: 130, rows: 32},
		);
		const mutations = async () => {
			const stats = (await fetch(`${demo.emulator.url}/_emulator/stats`).then(response => response.json())) as EmulatorStats;
			return (stats.byMethod.PUT ?? 0) + (stats.byMethod.DELETE ?? 0);
		};
		try {
			// Wait for the repository's own grants (lilei's direct ADMIN), not only the inherited rows.
			await ui.waitFor(t => /李雷.*ADMIN/.test(t), 'the access list with lilei and her direct ADMIN');
			ui.stdin.write('/lilei\rx');
			await ui.waitFor(t => t.includes("Type 'acme/api-gateway' to confirm"), 'the confirm dialog');
			ui.stdin.write(paste('acme/api-gateway\n'));
			const text = await ui.waitFor(t => t.includes('acme/api-gateway█'), 'the pasted name in the field');
			assert.doesNotMatch(text, /Result:/);
			assert.equal(await mutations(), 0, 'the paste sent nothing');
			ui.stdin.write('\r');
			await ui.waitFor(t => t.includes('Result:') && t.includes('Bitbucket now shows NONE'), 'Enter applied');
			assert.equal(await mutations(), 1);
		} finally {
			ui.unmount();
		}
	});
});
