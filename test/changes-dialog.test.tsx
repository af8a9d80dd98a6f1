/**
 * The change keys and dialog in the explorer, on a real backend over the emulator (loopback HTTP):
 * revoke from the repository view shows the plan (explicit ADMIN → none, effective ADMIN → WRITE,
 * what remains and where from), Esc and a wrong typed name send nothing, the right name applies,
 * the view shows the verified state, undo restores it; read-only disables the keys with the reason.
 */
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {Explorer} from '../source/ui/explorer/explorer.js';
import {changeCommands} from '../source/ui/changes/change-commands.js';
import {explorerCommands} from '../source/ui/keys/command-sets.js';
import {attachChanges, startDemoBackend, type DemoBackend} from './helpers/demo-backend.js';
import {keys, renderAt, type Rendered} from './helpers/render.js';
import {repoUserLevel, groupHas} from './helpers/changes-env.js';
import type {EmulatorStats, ExportedState} from '../source/emulator/index.js';

/** The change commands, unless the explorer's registry already contributes them. */
const extra = explorerCommands().some(command => command.id === 'change.grant') ? [] : changeCommands;

async function mutations(demo: DemoBackend): Promise<number> {
	const stats = (await fetch(`${demo.emulator.url}/_emulator/stats`).then(response => response.json())) as EmulatorStats;
	return (stats.byMethod.PUT ?? 0) + (stats.byMethod.DELETE ?? 0);
}

async function state(demo: DemoBackend): Promise<ExportedState> {
	return (await fetch(`${demo.emulator.url}/_emulator/state`).then(response => response.json())) as ExportedState;
}

function mount(demo: DemoBackend, initialView: Parameters<typeof Explorer>[0]['initialView']): Rendered {
	return renderAt(<Explorer backend={demo.backend} initialView={initialView} commands={extra} onQuit={() => undefined} flashMs={60_000} />, {columns: 130, rows: 32});
}

describe('change dialog in the explorer', () => {
	let demo: DemoBackend;
	before(async () => {
		demo = await startDemoBackend();
		await demo.backend.refresh();
		attachChanges(demo);
	});
	after(async () => demo.close());

	test('revoke lilei on api-gateway: plan shown, Esc and a wrong name send nothing, the name applies, view and emulator agree', async () => {
		const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'});
		try {
			await ui.waitFor(text => text.includes('李雷'), 'the access list with lilei');
			await ui.press('/', ...'lilei', keys.enter);
			await ui.waitFor(text => /1 of 1/.test(text), 'filtered to lilei');
			await ui.press('x');
			let text = await ui.waitFor(t => t.includes("Type 'acme/api-gateway' to confirm"), 'the confirm dialog');
			assert.match(text, /Explicit entry: ADMIN → NONE/);
			assert.match(text, /Effective: lilei ADMIN → WRITE on api-gateway/);
			assert.match(text, /! lilei keeps WRITE on api-gateway via group developers on project PLAT/);
			assert.match(text, /DELETE \/2\.0\/repositories\/acme\/api-gateway\/permissions-config\/users\//);
			assert.match(text, /%7B[0-9a-f-]+%7D/, 'the whole path is shown (wrapped), not cut off');
			assert.match(text, /removes ADMIN/);
			assert.match(text, /Type 'acme\/api-gateway', Enter confirms · Esc cancels/, 'the hint uses the same wording and word as the prompt (issue 13)');
			await ui.press(keys.escape);
			await ui.waitFor(t => t.includes('Cancelled: nothing was sent.'), 'Esc cancels');
			assert.equal(await mutations(demo), 0, 'Esc sent nothing');

			await ui.press('x');
			await ui.waitFor(t => t.includes("Type 'acme/api-gateway' to confirm"));
			await ui.press('api-gateway', keys.enter);
			await ui.waitFor(t => t.includes('Does not match'), 'a wrong name is refused');
			assert.equal(await mutations(demo), 0, 'a wrong name sent nothing');
			await ui.press(keys.ctrlU, 'acme/api-gateway', keys.enter);
			text = await ui.waitFor(t => t.includes('Result:') && t.includes('Bitbucket now shows NONE'), 'the verified result');
			assert.equal(repoUserLevel(await state(demo), 'acme/api-gateway', 'lilei'), undefined, 'the emulator agrees');
			assert.equal(await mutations(demo), 1, 'exactly one mutating request');
			await ui.press('q');
			text = await ui.waitFor(t => !t.includes('Result:') && t.includes('李雷'), 'the dialog closed');
			const row = text.split('\n').find(line => line.includes('李雷'));
			assert.match(row ?? '', /WRITE/, 'the view shows the verified effective level');
			assert.doesNotMatch(row ?? '', /ADMIN/);

			await ui.press('u');
			await ui.waitFor(t => t.includes('Undo: ') && t.includes("Type 'acme/api-gateway' to confirm"), 'undo asks like any change');
			await ui.press('acme/api-gateway', keys.enter);
			await ui.waitFor(t => t.includes('Result:') && t.includes('Bitbucket now shows ADMIN'), 'undo applied and verified');
			assert.equal(repoUserLevel(await state(demo), 'acme/api-gateway', 'lilei'), 'admin');
			await ui.press('q');
		} finally {
			ui.unmount();
		}
	});

	test('grant from a person view with the level picker; y/N defaults to No', async () => {
		const fmulder = demo.backend.graph()!.users().find(user => user.nickname === 'fmulder')!;
		// As after visiting the repository: its explicit grants are loaded (tier 2).
		await demo.backend.ensureRepositoryGrants('acme/billing-service');
		const ui = mount(demo, {view: 'person', uuid: fmulder.uuid});
		try {
			await ui.waitFor(t => t.includes('billing-service'), 'fmulder reaches billing-service');
			await ui.press('/', ...'billing', keys.enter);
			await ui.waitFor(t => /1 of 1/.test(t));
			await ui.press('a');
			await ui.waitFor(t => t.includes('Grant fmulder access on…') && /› acme\/billing-service/.test(t), 'target picker, the selected row preselected');
			await ui.press(keys.enter);
			await ui.waitFor(t => t.includes('Level for fmulder on acme/billing-service') && t.includes('current explicit level'), 'level picker');
			await ui.press(keys.down, keys.enter);
			await ui.waitFor(t => t.includes('Apply this change? [y/N]'), 'y/N confirm');
			const before = await mutations(demo);
			await ui.press(keys.enter);
			await ui.waitFor(t => t.includes('Cancelled: nothing was sent.'), 'Enter means No');
			assert.equal(await mutations(demo), before);
			await ui.press('a');
			await ui.waitFor(t => t.includes('Grant fmulder access on…'));
			await ui.press(keys.enter);
			await ui.waitFor(t => t.includes('Level for fmulder'));
			await ui.press(keys.down, keys.enter);
			await ui.waitFor(t => t.includes('Apply this change? [y/N]'));
			await ui.press('y');
			await ui.waitFor(t => t.includes('Result:') && t.includes('Bitbucket now shows WRITE'));
			assert.equal(repoUserLevel(await state(demo), 'acme/billing-service', 'fmulder'), 'write');
			await ui.press('q');
		} finally {
			ui.unmount();
		}
	});

	test('revoking inherited access offers the real source (issue 13): the group grant on PLAT is planned there', async () => {
		const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'});
		try {
			await ui.waitFor(t => t.includes('Dana Scully'));
			await ui.press('/', 'scully', keys.enter);
			await ui.waitFor(t => /1 of 1/.test(t));
			const sentBefore = await mutations(demo);
			await ui.press('x');
			await ui.waitFor(t => t.includes('What would remove it'), 'the real sources');
			await ui.press(keys.enter);
			const text = await ui.waitFor(t => /Type '.*' to confirm|No change:|Confirm/.test(t) && t.includes('PLAT'), 'the plan on project PLAT');
			assert.match(text, /developers/);
			await ui.press(keys.escape);
			assert.equal(await mutations(demo), sentBefore, 'nothing sent');
		} finally {
			ui.unmount();
		}
	});

	test('offboard from a person view needs the nickname typed', async () => {
		const fmulder = demo.backend.graph()!.users().find(user => user.nickname === 'fmulder')!;
		const ui = mount(demo, {view: 'person', uuid: fmulder.uuid});
		try {
			await ui.waitFor(t => t.includes('Fox Mulder'));
			await ui.press('O');
			const text = await ui.waitFor(t => t.includes("Type 'fmulder' to confirm"), 'the offboarding plan');
			assert.match(text, /Offboard Fox Mulder \(fmulder\)/);
			assert.match(text, /remove fmulder from group contractors in acme/);
			const before = await mutations(demo);
			await ui.press(keys.escape);
			await ui.waitFor(t => t.includes('Cancelled: nothing was sent.'));
			assert.equal(await mutations(demo), before);
		} finally {
			ui.unmount();
		}
	});

	test('add to group from a group view with the person picker', async () => {
		const ui = mount(demo, {view: 'group', workspace: 'acme', slug: 'interns'});
		try {
			await ui.waitFor(t => t.includes('interns'));
			await ui.press('m');
			await ui.waitFor(t => t.includes('Add to group interns'), 'person picker');
			await ui.press('mulder');
			await ui.waitFor(t => t.includes('Fox Mulder') && t.includes('1 of'), 'filtered picker');
			await ui.press(keys.enter);
			await ui.waitFor(t => t.includes('Apply this change? [y/N]'));
			await ui.press('y');
			await ui.waitFor(t => t.includes('Result:') && t.includes('Bitbucket now shows member'));
			assert.ok(groupHas(await state(demo), 'acme', 'interns', 'fmulder'));
			await ui.press('q');
			await ui.waitFor(t => t.includes('Fox Mulder') && !t.includes('Result:'), 'the group view lists the new member');
		} finally {
			ui.unmount();
		}
	});
});

describe('change keys in a read-only session', () => {
	let demo: DemoBackend;
	before(async () => {
		demo = await startDemoBackend({backend: {readOnly: true}});
		await demo.backend.refresh();
		attachChanges(demo);
	});
	after(async () => demo.close());

	test('the keys say why they are disabled and send nothing', async () => {
		const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'});
		try {
			await ui.waitFor(t => t.includes('李雷'));
			await ui.press('x');
			await ui.waitFor(t => t.includes('Changes are disabled (read-only: --read-only).'));
			assert.equal(await mutations(demo), 0);
		} finally {
			ui.unmount();
		}
	});
});
