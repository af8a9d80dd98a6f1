/**
 * The Journal view (`J`) and undo of any journaled change, on a real backend over the emulator
 * (loopback HTTP), at 80×24 with keys sent in bursts: a batch and a single change made by an
 * earlier process (the real CLI, `bbaccess apply` / `bbaccess grant`) appear in the journal; Enter
 * shows the items; `u` on the batch re-reads every entry, lists the one someone changed since
 * (changed directly through the emulator's HTTP API) as a conflict and leaves it alone, restores
 * the rest (re-read from the emulator); the undo shows up as a new journal entry.
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {Explorer} from '../source/ui/explorer/explorer.js';
import {resetJournalStore} from '../source/core/changes/journal-store.js';
import {Journal, type JournalEntry} from '../source/core/changes/index.js';
import {DEMO_ADMIN, startEmulator, type ExportedState, type RunningEmulator} from '../source/emulator/index.js';
import {startDemoBackend, type DemoBackend} from './helpers/demo-backend.js';
import {frameLines, keys, renderAt, type Rendered} from './helpers/render.js';
import {groupHas, repoGroupLevel, repoUserLevel, workspaceIn} from './helpers/changes-env.js';
import {runCli, xdgDirs} from './helpers/run-cli.js';
import {putRepositoryUser} from './helpers/emulator.js';

async function state(emulator: RunningEmulator): Promise<ExportedState> {
	return (await fetch(`${emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
}

function uuidOf(snapshot: ExportedState, nickname: string): string {
	const member = workspaceIn(snapshot, 'acme').members.find(item => item.nickname === nickname);
	if (!member) throw new Error(`no member ${nickname}`);
	return member.uuid;
}


/** The journal table's data lines (below the header). */
function journalRows(text: string): string[] {
	const lines = frameLines(text);
	const header = lines.findIndex(line => /When\s+UTC\s+Kind/i.test(line));
	return header === -1 ? [] : lines.slice(header + 1).filter(line => /^[› ] \S+( ago)? +[\d:-]+ .*\b(change|batch|undo)\b/.test(line));
}

describe('Journal view and undo from any session', () => {
	let emulator: RunningEmulator;
	let root: string;
	let env: NodeJS.ProcessEnv;

	before(async () => {
		emulator = await startEmulator({scenario: 'demo'});
		root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-journal-ui-'));
		env = {
			PATH: process.env.PATH,
			HOME: root,
			...xdgDirs(root),
			BITBUCKET_EMAIL: DEMO_ADMIN.email,
			BITBUCKET_API_TOKEN: DEMO_ADMIN.token,
			BBACCESS_API_URL: emulator.url,
			NO_COLOR: '1',
		};
	});
	after(async () => {
		await emulator.stop();
		await rm(root, {recursive: true, force: true});
	});

	async function mountExplorer(): Promise<{demo: DemoBackend; ui: Rendered}> {
		resetJournalStore();
		const demo = await startDemoBackend({running: emulator, root});
		await demo.backend.refresh();
		const ui = renderAt(<Explorer backend={demo.backend} initialView={{view: 'workspace', workspace: 'acme'}} onQuit={() => undefined} flashMs={60_000} />, {columns: 80, rows: 24});
		await ui.waitFor(text => text.includes('Members'), 'the workspace view');
		return {demo, ui};
	}

	test('an empty journal: J says so, u anywhere says there is nothing to undo', async () => {
		const {demo, ui} = await mountExplorer();
		try {
			ui.stdin.write('J');
			await ui.waitFor(t => t.includes('No changes journaled yet for this login'), 'the empty journal');
			ui.stdin.write('u');
			await ui.waitFor(t => t.includes('Nothing to undo: the journal is empty.'), 'u in the journal');
			await ui.press(keys.escape);
			await ui.waitFor(t => t.includes('Members'), 'back in the workspace');
			ui.stdin.write('u');
			await ui.waitFor(t => t.includes('Nothing to undo: no change of this login is journaled'), 'u elsewhere');
		} finally {
			ui.unmount();
			await demo.close();
		}
	});

	test('a batch from an earlier process: J lists it, Enter shows items, u restores all but the conflicting entry', async () => {
		const file = path.join(root, 'team.csv');
		await writeFile(file, 'workspace,target,principal,level\nacme,web-app,user:fmulder,write\nacme,repo:docs-site,group:qa,read\nacme,group:security,user:ebrown,member\n');
		const before = await state(emulator);
		assert.equal(repoUserLevel(before, 'acme/web-app', 'fmulder'), undefined, 'precondition: fmulder has no explicit entry on web-app');
		assert.equal(repoGroupLevel(before, 'acme/docs-site', 'qa'), undefined);
		assert.equal(groupHas(before, 'acme', 'security', 'ebrown'), false);

		// The earlier process: the real CLI, in its own process, on the same state dir.
		const applied = await runCli(['apply', file, '--yes'], {env});
		assert.equal(applied.status, 0, applied.stdout + applied.stderr);
		const changed = await state(emulator);
		assert.equal(repoUserLevel(changed, 'acme/web-app', 'fmulder'), 'write');
		// Someone else changes one of the entries afterwards (not through bbaccess).
		await putRepositoryUser(emulator, 'acme/web-app', uuidOf(changed, 'fmulder'), 'admin');

		const {demo, ui} = await mountExplorer();
		try {
			ui.stdin.write('J');
			let text = await ui.waitFor(t => journalRows(t).length >= 1, 'the journal lists the batch');
			const row = journalRows(text)[0]!;
			assert.match(row, /batch/);
			assert.match(row, /Apply /);
			assert.match(row, /\b3\b/, 'three items');
			assert.match(row, /applied/);
			assert.match(row, /\bnow\b|\dm ago/, 'relative time');
			assert.match(row, /\d\d:\d\d/, 'absolute time');
			assert.match(text, /journaled change of admin@acme\.test/);
			for (const line of frameLines(text)) assert.ok(line.length <= 80, `fits 80 columns: ${line}`);

			// Enter opens the items.
			ui.stdin.write('\r');
			text = await ui.waitFor(t => /Before → after/i.test(t), 'the entry view');
			assert.match(text, /acme\/web-app .*fmulder.*NONE → WRITE .*applied-verified/);
			assert.match(text, /acme\/docs-site .*group qa.*NONE → READ/);
			assert.match(text, /group acme:security .*ebrown.*not a member → member|group acme:security .*ebrown/);
			assert.match(text, /u undoes it/);
			assert.match(text, /Apply .*team\.csv \(3 lines\)/, 'the whole title in the entry summary');

			// u from the entry: the plan re-reads every entry; the one changed since is a conflict.
			ui.stdin.write('u');
			text = await ui.waitFor(t => /conflict, left alone/.test(t) && /Apply this|confirm|\by\b/i.test(t), 'the undo plan with the conflict', 10_000);
			assert.match(text, /conflict, left alone: Bitbucket now shows ADMIN where the/);
			assert.doesNotMatch(text, /removes ADMIN/, 'the conflict left alone asks for no ADMIN confirmation');
			const mutationsBefore = (await state(emulator));
			assert.equal(repoGroupLevel(mutationsBefore, 'acme/docs-site', 'qa'), 'read', 'nothing sent before confirming');
			if (/Type '([^']+)'/.test(text)) {
				const word = /Type '([^']+)'/.exec(text)![1]!;
				ui.stdin.write(`${word}\r`);
			} else {
				ui.stdin.write('y');
			}
			text = await ui.waitFor(t => t.includes('Result:'), 'the verified result', 10_000);
			const after = await state(emulator);
			assert.equal(repoGroupLevel(after, 'acme/docs-site', 'qa'), undefined, 'qa READ removed again');
			assert.equal(groupHas(after, 'acme', 'security', 'ebrown'), false, 'ebrown out of security again');
			assert.equal(repoUserLevel(after, 'acme/web-app', 'fmulder'), 'admin', 'the conflicting entry is left alone');

			// Close the dialog, back to the journal: the undo is the newest entry; the batch is partly undone.
			ui.stdin.write('q');
			await ui.waitFor(t => !t.includes('Result:'), 'the dialog closed');
			ui.stdin.write(keys.escape);
			text = await ui.waitFor(t => journalRows(t).length >= 2 && /\bundo\b/.test(journalRows(t)[0]!), 'the undo entry on top', 10_000);
			const rows = journalRows(text);
			assert.match(rows[0]!, /undo/);
			assert.match(rows[0]!, /Undo /);
			assert.match(rows[1]!, /partly undone/);
			void demo;
		} finally {
			ui.unmount();
			await demo.close();
		}
	});

	test('a single change from an earlier process: u in the journal restores it; u elsewhere offers the latest', async () => {
		const granted = await runCli(['grant', '--workspace', 'acme', '--repo', 'web-app', '--user', 'ebrown', '--level', 'read', '--yes'], {env});
		assert.equal(granted.status, 0, granted.stdout + granted.stderr);
		assert.equal(repoUserLevel(await state(emulator), 'acme/web-app', 'ebrown'), 'read');

		const {demo, ui} = await mountExplorer();
		try {
			// Outside the journal, with no change in this session, u offers the latest journaled change.
			ui.stdin.write('u');
			let text = await ui.waitFor(t => /Undo [0-9a-f]{8}: /.test(t), 'u plans the latest journaled change', 10_000);
			assert.match(text, /ebrown/);
			ui.stdin.write('n');
			await ui.waitFor(t => t.includes('nothing was sent') || t.includes('Cancelled'), 'cancelled');
			assert.equal(repoUserLevel(await state(emulator), 'acme/web-app', 'ebrown'), 'read', 'n sent nothing');

			ui.stdin.write('J');
			text = await ui.waitFor(t => journalRows(t).length >= 1, 'the journal with the grant on top');
			const count = journalRows(text).length;
			assert.match(journalRows(text)[0]!, /change +Grant READ/);
			ui.stdin.write('u');
			text = await ui.waitFor(t => /Undo [0-9a-f]{8}: /.test(t) && !/conflict/.test(t), 'the undo plan', 10_000);
			ui.stdin.write('y');
			await ui.waitFor(t => t.includes('Result:') && t.includes('Bitbucket now shows NONE'), 'restored and verified', 10_000);
			assert.equal(repoUserLevel(await state(emulator), 'acme/web-app', 'ebrown'), undefined, 'the emulator shows the before-state');
			ui.stdin.write('q');
			text = await ui.waitFor(t => journalRows(t).length === count + 1 && /undo/.test(journalRows(t)[0]!) && /undone/.test(journalRows(t)[1]!), 'the undo entry and the undone grant', 10_000);
			// The undone grant cannot be undone twice: u says why.
			ui.stdin.write('ju');
			await ui.waitFor(t => /Already undone by [0-9a-f]{8}/.test(t), 'u on an undone entry says why');
		} finally {
			ui.unmount();
			await demo.close();
		}
	});

	test('journaled server text is sanitised in the list and the entry; :journal ID opens one entry', async () => {
		const hostile = 'Evil\u001B]8;;http://x.test\u0007link\u202Egnp.exe\u001B[2J';
		const entry: JournalEntry = {
			time: new Date().toISOString(),
			batch: 'feedface-0000-4000-8000-000000000001',
			operation: 'grant',
			title: `Grant READ to ${hostile}`,
			account: DEMO_ADMIN.email,
			apiUrl: emulator.url,
			request: {type: 'membership', workspace: 'acme', group: hostile, user: '{00000000-0000-4000-8000-00000000dead}', member: true},
			summary: `add ${hostile} to group`,
			before: {type: 'membership', member: false},
			after: {type: 'membership', member: true},
			requests: [],
			outcome: 'failed',
			message: `Bitbucket said: ${hostile}`,
		};
		await new Journal(path.join(root, 'state', 'bbaccess', 'journal.jsonl')).append([entry]);
		const {demo, ui} = await mountExplorer();
		try {
			ui.stdin.write('J');
			let text = await ui.waitFor(t => journalRows(t).some(row => row.includes('Grant READ to Evil␛')), 'the hostile entry listed');
			const raw = () => ui.lastFrame();
			assert.doesNotMatch(raw(), /\u001B\]8;|\u202E|\u001B\[2J|\u0007/, 'no OSC, bidi override, clear-screen or BEL reaches the terminal');
			assert.match(text, /Evil␛/, 'the escape is shown, not obeyed');
			ui.stdin.write(':journal feedface\r');
			text = await ui.waitFor(t => /Before → after/i.test(t), 'the entry view by id prefix');
			assert.match(text, /failed/);
			assert.match(text, /⟪U\+202E⟫/);
			assert.doesNotMatch(raw(), /\u001B\]8;|\u202E|\u001B\[2J|\u0007/);
			// Esc and the next key in one read would be Alt+key: Esc is its own press, as from a person.
			await ui.press(keys.escape);
			await ui.waitFor(t => journalRows(t).length > 0, 'back in the journal');
			ui.stdin.write(':journal nosuchid\r');
			await ui.waitFor(t => t.includes('No journaled change "nosuchid"'), 'an unknown id says so');
		} finally {
			ui.unmount();
			await demo.close();
		}
	});
});
