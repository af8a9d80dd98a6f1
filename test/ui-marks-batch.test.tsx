/**
 * Issue 14.1–2 in the TUI at 80×24, keys sent in bursts: Space marks (and moves down), `*` marks
 * every row a filter shows, marks survive filters, Esc clears the filter first and then the marks;
 * `x` on marked rows of a repository's Access tab plans ONE batch revoking each at its real source
 * (rows with several possible sources left out, said in the notes), `a` grants marked people one
 * level (typed confirmation for ADMIN), `M` removes marked people from a group, and a batch where
 * one item fails says which and why — all against the emulator over loopback HTTP, re-read after.
 */
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {JournalEntry} from '../source/core/changes/types.js';
import {startEmulator, type ExportedState, type RunningEmulator} from '../source/emulator/index.js';
import {attachChanges, startDemoBackend, type DemoBackend} from './helpers/demo-backend.js';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {frameLines, keys, renderExplorer, type ExplorerHarness} from './helpers/render.js';
import {startRewritingProxy, type RewritingProxy} from './helpers/rewriting-proxy.js';
import {demoSnapshot} from './helpers/snapshot-builder.js';
import {groupHas, projectUserLevel, repoUserLevel} from './helpers/changes-env.js';

const SIZE = {columns: 80, rows: 24};

function lineWith(text: string, needle: string): string {
	return frameLines(text).find(line => line.includes(needle)) ?? '';
}

test('Space marks and moves down, * marks what the filter shows, marks survive the filter, Esc clears the filter then the marks', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {...SIZE, initialView: {view: 'workspace', workspace: 'acme', section: 'members'}, flashMs: 60_000});
	try {
		await ui.waitFor(t => t.includes('1 of 5'), 'the members');
		ui.stdin.write('  ');
		let text = await ui.waitFor(t => t.includes('2 marked · 3 of 5'), 'two marked, the cursor moved down twice');
		assert.match(lineWith(text, 'Dana Scully'), /^ ✓/, 'a marked row shows the glyph');
		assert.match(lineWith(text, 'Fox Mulder'), /^ ✓/);
		assert.match(lineWith(text, 'José Álvarez'), /^› /, 'the cursor row is not marked');
		ui.stdin.write(' ');
		text = await ui.waitFor(t => t.includes('3 marked'), 'third');
		// The third Space again on José's row unmarks it.
		ui.stdin.write('k ');
		text = await ui.waitFor(t => t.includes('2 marked · 4 of 5'), 'unmarked again');
		assert.doesNotMatch(lineWith(text, 'José Álvarez'), /✓/);

		// A filter showing some of the rows ("member"/"owner" roles and names containing "er").
		ui.stdin.write('/er\r');
		text = await ui.waitFor(t => /\/er · /.test(t), 'filtered');
		const shown = Number(/(\d+) of (\d+) \(filtered/.exec(text)?.[2] ?? /of (\d+)/.exec(text)?.[1]);
		ui.stdin.write('*');
		text = await ui.waitFor(t => /Marked \d+ shown/.test(t), '* marked the visible rows');
		const marked = Number(/(\d+) marked ·/.exec(text)?.[1]);
		assert.ok(marked >= shown && marked <= shown + 2, `every visible row is marked (${marked} marked, ${shown} shown)`);
		for (const line of frameLines(text).slice(3)) if (/\(\w+\)/.test(line)) assert.match(line, /^.✓/, `visible rows are marked: ${line}`);

		await ui.press(keys.escape);
		text = await ui.waitFor(t => !t.includes('/er ·') && t.includes(`${marked} marked`), 'Esc clears the filter; the marks stay');
		assert.match(text, /of 5/);
		await ui.press(keys.escape);
		text = await ui.waitFor(t => t.includes(`Cleared ${marked} marks`), 'Esc clears the marks');
		assert.doesNotMatch(text, /marked ·/);
		assert.doesNotMatch(text, /✓/);
		await ui.press(keys.escape);
		await ui.waitFor(t => t.includes('Workspaces 1'), 'with no filter and no marks Esc goes back');
	} finally {
		ui.unmount();
	}
});

test('Findings use the same marks: * marks every finding shown, Esc clears them', async () => {
	const ui = renderExplorer(createMemoryBackend(demoSnapshot()), {...SIZE, initialView: {view: 'findings'}, flashMs: 60_000});
	try {
		const text = await ui.waitFor(t => /1 of (\d+)/.test(t), 'the findings');
		const total = Number(/1 of (\d+)/.exec(text)![1]);
		ui.stdin.write(' *');
		await ui.waitFor(t => t.includes(`${total} marked`), '* marks the rest');
		await ui.press(keys.escape);
		await ui.waitFor(t => t.includes(`Cleared ${total} marks`) && !/marked ·/.test(t), 'Esc clears them');
	} finally {
		ui.unmount();
	}
});

/**
 * Scroll the dialog to its end and return its whole body as one line of text (the title says
 * "[a–b/n ↑↓]" when it scrolls; wrapped lines are joined, whitespace collapsed).
 */
async function dialogText(ui: ExplorerHarness): Promise<string> {
	const body: string[] = [];
	for (let page = 0; page < 40; page++) {
		const lines = frameLines(ui.text());
		const titleAt = lines.findIndex(line => line.startsWith('│ '));
		const at = /\[(\d+)–(\d+)\/(\d+) ↑↓\]/.exec(lines[titleAt] ?? '');
		const first = at ? Number(at[1]) - 1 : 0;
		const count = at ? Number(at[2]) - first : lines.slice(titleAt + 1).findIndex(line => /\[y\/N\]|to confirm|any key/.test(line));
		lines.slice(titleAt + 1, titleAt + 1 + count).forEach((line, index) => {
			body[first + index] = line.replace(/^│ ?/, '').replace(/│$/, '');
		});
		if (!at || at[2] === at[3]) break;
		const before = at[0];
		ui.stdin.write(keys.pageDown);
		await ui.waitFor(t => !t.includes(before), 'the next page');
	}
	return body.join(' ').replace(/\s+/g, ' ');
}

async function journal(demo: DemoBackend): Promise<JournalEntry[]> {
	const text = await readFile(path.join(demo.paths.stateDir, 'journal.jsonl'), 'utf8').catch(() => '');
	return text.split('\n').filter(Boolean).map(line => JSON.parse(line) as JournalEntry);
}

describe('batches from marked rows, against the emulator', () => {
	let emulator: RunningEmulator;
	let proxy: RewritingProxy;
	let demo: DemoBackend;
	const state = async () => (await fetch(`${emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
	const uuid = (nickname: string) => demo.backend.graph()!.users().find(user => user.nickname === nickname)!.uuid;
	const mount = (initialView: Parameters<typeof renderExplorer>[1] extends infer O ? (O extends {initialView?: infer V} ? V : never) : never) => renderExplorer(demo.backend, {...SIZE, initialView, flashMs: 60_000});

	before(async () => {
		emulator = await startEmulator({scenario: 'demo'});
		proxy = await startRewritingProxy(emulator.url);
		// The client talks to the proxy (which can fail chosen writes); the state is read from the emulator.
		// A budget the status line (and so the plan's cost) reports: 937 of 1,000 left this hour.
		demo = await startDemoBackend({running: {...emulator, url: proxy.url}, backend: {budget: {limitPerHour: 1000, remaining: () => 937}}});
		await demo.backend.refresh();
		attachChanges(demo);
	});
	after(async () => {
		await demo.close();
		await proxy.close();
		await emulator.stop();
	});

	test('x on 3 marked rows of ios-app Access: one plan, 3 items at their real sources; a group-sourced row is left out; y applies one batch', async () => {
		const ui = mount({view: 'repository', fullName: 'acme/ios-app'});
		try {
			await ui.waitFor(t => t.includes('okeefe') && t.includes('eschmidt'), 'the access list');
			// Marked under three filters (marks survive them); Esc between them clears the filter.
			for (const nick of ['eschmidt', 'jdoyle', 'okeefe']) {
				ui.stdin.write(`/${nick}\r `);
				await ui.waitFor(t => t.includes(`Marked;`) && !t.includes('Filter'), `${nick} marked`);
				await ui.press(keys.escape);
			}
			const groupRow = demo.backend.graph()!.effectiveAccess({type: 'repository', workspace: 'acme', fullName: 'acme/ios-app'}).entries.find(entry => entry.sources.length > 0 && entry.sources.every(source => source.principal === 'group'))!;
			ui.stdin.write(`/${groupRow.user.nickname}\r `);
			await ui.waitFor(t => t.includes('4 marked'), 'a fourth row, reached only through a group');
			await ui.press(keys.escape);
			await ui.waitFor(t => t.includes('4 marked') && !t.includes(`/${groupRow.user.nickname} ·`));
			const journalBefore = (await journal(demo)).length;
			ui.stdin.write('x');
			const first = await ui.waitFor(t => t.includes('Apply these changes? [y/N]'), 'one plan, plain confirmation (3 people, no ADMIN)');
			assert.match(first, /Revoke 4 marked accesses at the real source \(1 left out\)/, 'the title says a row was left out');
			const plan = await dialogText(ui);
			assert.match(plan, /3 items: 3 to send/);
			assert.match(plan, /DELETE \/2\.0\/workspaces\/acme\/projects\/MOB\/permissions-config\/users\//, 'eschmidt and jdoyle: their grant on project MOB (the real source)');
			assert.match(plan, /DELETE \/2\.0\/repositories\/acme\/ios-app\/permissions-config\/users\//, "okeefe: the row's own entry");
			assert.match(plan, /Effective access that changes/);
			assert.match(plan, /eschmidt: .*→ NONE/);
			assert.match(plan, /Cost: sends 6 requests/);
			assert.match(plan, /budget: 937 of 1,000 requests left this hour/, 'the cost against the budget left');
			assert.match(plan, new RegExp(`${groupRow.user.nickname}\\).*left out — more than one possible source`), 'the group-sourced row is named in the notes');
			ui.stdin.write('y');
			const result = await ui.waitFor(t => t.includes('Result:') && /Journal batch [0-9a-f]{8}/.test(t), 'applied and verified');
			assert.doesNotMatch(result, /did not apply/);
			const now = await state();
			assert.equal(projectUserLevel(now, 'acme', 'MOB', 'eschmidt'), undefined);
			assert.equal(projectUserLevel(now, 'acme', 'MOB', 'jdoyle'), undefined);
			assert.equal(repoUserLevel(now, 'acme/ios-app', 'okeefe'), undefined);
			const lines = (await journal(demo)).slice(journalBefore);
			assert.equal(lines.length, 3, 'one journal line per item');
			assert.equal(new Set(lines.map(line => line.batch)).size, 1, 'all in one batch');
			assert.ok(lines.every(line => line.outcome === 'applied-verified'));
			ui.stdin.write('q');
			const text = await ui.waitFor(t => !t.includes('Result:'), 'closed');
			assert.doesNotMatch(text, /marked ·/, 'the applied marks are cleared');
		} finally {
			ui.unmount();
		}
	});

	test('a on marked people of api-gateway grants each ADMIN: typed confirmation, owners left out', async () => {
		await demo.backend.ensureRepositoryGrants('acme/api-gateway');
		const ui = mount({view: 'repository', fullName: 'acme/api-gateway'});
		try {
			await ui.waitFor(t => t.includes('Dana Scully'), 'the access list');
			ui.stdin.write('/Dana\r ');
			await ui.waitFor(t => t.includes('1 marked'));
			await ui.press(keys.escape);
			ui.stdin.write('/bmuller\r ');
			await ui.waitFor(t => t.includes('2 marked'));
			await ui.press(keys.escape);
			ui.stdin.write('/amorgan\r ');
			await ui.waitFor(t => t.includes('3 marked'), 'an owner marked too');
			await ui.press(keys.escape);
			await ui.waitFor(t => t.includes('3 marked') && !t.includes('/amorgan ·'));
			ui.stdin.write('a');
			await ui.waitFor(t => t.includes('Level for 3 marked people on acme/api-gateway'), 'the level picker, once');
			ui.stdin.write('admin\r');
			const prompt = await ui.waitFor(t => /Type '[^']+' to confirm \(.*ADMIN/.test(t), 'typed confirmation for ADMIN');
			const plan = await dialogText(ui);
			assert.match(plan, /2 items: 2 to send/);
			assert.match(plan, /PUT \/2\.0\/repositories\/acme\/api-gateway\/permissions-config\/users\//);
			assert.match(plan, /amorgan\).*left out — workspace owner/);
			const word = /Type '([^']+)' to confirm/.exec(prompt)![1]!;
			ui.stdin.write(`${word}\r`);
			await ui.waitFor(t => t.includes('Result:'), 'applied');
			const now = await state();
			assert.equal(repoUserLevel(now, 'acme/api-gateway', 'dscully'), 'admin');
			assert.equal(repoUserLevel(now, 'acme/api-gateway', 'bmuller'), 'admin');
			assert.equal(repoUserLevel(now, 'acme/api-gateway', 'amorgan'), undefined, 'nothing sent for the owner');
			ui.stdin.write('q');
		} finally {
			ui.unmount();
		}
	});

	test('M on marked members of group qa removes them; a batch where one item fails names it and why; the others apply', async () => {
		const ui = mount({view: 'group', workspace: 'acme', slug: 'qa'});
		const failing = encodeURIComponent(uuid('hpatel'));
		proxy.failWrite = (method, pathname) => (method === 'DELETE' && pathname.includes(failing) ? 503 : undefined);
		try {
			await ui.waitFor(t => t.includes('hpatel') && t.includes('rchen'), 'the members');
			for (const nick of ['rchen', 'hpatel', 'sokafor']) {
				ui.stdin.write(`/${nick}\r `);
				await ui.waitFor(t => t.includes('Marked;') && t.includes(`(${nick})`));
				await ui.press(keys.escape);
			}
			await ui.waitFor(t => t.includes('3 marked') && !t.includes('/sokafor ·'));
			ui.stdin.write('M');
			await ui.waitFor(t => t.includes('Remove 3 people from group qa') && t.includes('[y/N]'), 'one plan');
			const plan = await dialogText(ui);
			assert.equal((plan.match(/DELETE \/1\.0\/groups\/acme\/qa\/members\//g) ?? []).length >= 3, true, 'three membership requests');
			ui.stdin.write('y');
			const result = await ui.waitFor(t => t.includes('Result:') && t.includes('did not apply'), 'the result names the failure');
			assert.match(result, /1 of 3 did not apply/);
			assert.match(lineWith(result, 'failed:'), /hpatel/);
			assert.match(result, /503|Service Unavailable|Injected/i, 'and why');
			const now = await state();
			assert.equal(groupHas(now, 'acme', 'qa', 'rchen'), false);
			assert.equal(groupHas(now, 'acme', 'qa', 'sokafor'), false);
			assert.equal(groupHas(now, 'acme', 'qa', 'hpatel'), true, 'the failed item changed nothing');
			ui.stdin.write('q');
		} finally {
			proxy.failWrite = undefined;
			ui.unmount();
		}
	});

	test('* on the 20 members of developers then M: typed confirmation (20 people); Esc sends nothing', async () => {
		const ui = mount({view: 'group', workspace: 'acme', slug: 'developers'});
		try {
			await ui.waitFor(t => t.includes('(bmuller)'), 'the members');
			const sentBefore = emulator.stats().byMethod.DELETE ?? 0;
			ui.stdin.write('*M');
			const text = await ui.waitFor(t => /Type '[^']+' to confirm \(affects 20 people\)/.test(t), 'typed confirmation for 10+ people');
			assert.match(text, /Remove 20 people from group developers/);
			await ui.press(keys.escape);
			await ui.waitFor(t => t.includes('Cancelled: nothing was sent.'));
			assert.equal(emulator.stats().byMethod.DELETE ?? 0, sentBefore, 'nothing sent');
			assert.match(ui.text(), /20 marked/, 'cancelling keeps the marks');
		} finally {
			ui.unmount();
		}
	});

	test('a mark whose row is gone after the graph changes is dropped; the others stay', async () => {
		const ui = mount({view: 'group', workspace: 'acme', slug: 'contractors'});
		try {
			await ui.waitFor(t => t.includes('fmulder') && t.includes('klang'), 'the members');
			ui.stdin.write('*');
			await ui.waitFor(t => t.includes('3 marked'));
			// Someone (here: the change service, outside the dialog) takes klang out of the group.
			const service = demo.backend.changes!;
			const plan = await service.groupMembership('acme', 'contractors', uuid('klang'), false);
			await service.apply(plan);
			const text = await ui.waitFor(t => !t.includes('(klang)') && t.includes('2 marked'), 'the row and its mark are gone');
			assert.match(lineWith(text, '(fmulder)'), /^.✓/);
			// Back in the group: the row returns unmarked (its mark was dropped, not hidden).
			await service.apply(await service.groupMembership('acme', 'contractors', uuid('klang'), true));
			const back = await ui.waitFor(t => t.includes('(klang)'), 'klang is back');
			assert.match(back, /2 marked/);
			assert.doesNotMatch(lineWith(back, '(klang)'), /✓/);
		} finally {
			ui.unmount();
		}
	});
});
