/**
 * Acting on the right thing (issue 13): `x` on an inherited row offers what would really remove
 * the access, with its reach, and sends nothing until the admin picks; change keys say why they
 * cannot act in every view. Real backend on the emulator (loopback HTTP).
 */
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {Explorer} from '../source/ui/explorer/explorer.js';
import {attachChanges, startDemoBackend, type DemoBackend} from './helpers/demo-backend.js';
import {keys, renderAt, type Rendered} from './helpers/render.js';

/** The repository view loads its grants on open (two GETs); request counts start after that. */
async function grantsLoaded(demo: DemoBackend, ui: Rendered, fullName: string): Promise<void> {
	await ui.waitFor(() => demo.backend.graph()?.repositoryGrantsState(fullName).state === 'loaded', `grants of ${fullName} loaded`);
}

function mount(demo: DemoBackend, initialView: Parameters<typeof Explorer>[0]['initialView'], size = {columns: 120, rows: 32}): Rendered {
	return renderAt(<Explorer backend={demo.backend} initialView={initialView} onQuit={() => undefined} flashMs={60_000} />, size);
}

describe('acting on the right thing (one emulator for all)', () => {
	let demo: DemoBackend;
	before(async () => {
		demo = await startDemoBackend();
		await demo.backend.refresh();
		attachChanges(demo);
	});
	after(async () => demo.close());

	describe('x acts where the access comes from', () => {

		test('Grants tab, group security READ from project PLAT: x offers revoking it on PLAT with its reach, and sends nothing', async () => {
			const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'});
			try {
				await ui.waitFor(t => t.includes('Access'), 'the repository view');
				await grantsLoaded(demo, ui, 'acme/api-gateway');
				await ui.press('2');
				await ui.waitFor(t => /security\s+group\s+READ\s+project PLAT/.test(t), 'the grants tab');
				await ui.press('/', ...'security', keys.enter);
				await ui.waitFor(t => /1 of 1/.test(t), 'filtered to security');
				const before = demo.backend.requestLog().length;
				await ui.press('x');
				const text = await ui.waitFor(t => t.includes('revoke group security on project PLAT'), 'the real source offered');
				assert.match(text, /revoke group security on project PLAT \(affects 12 repositories, 3 people\)/);
				assert.doesNotMatch(text, /nothing to revoke/);
				assert.equal(demo.backend.requestLog().length, before, 'x sent no request');
				await ui.press(keys.escape);
			} finally {
				ui.unmount();
			}
		});

		test('Access tab, dscully via group developers on PLAT: x offers the group grant and leaving the group', async () => {
			const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'});
			try {
				await ui.waitFor(t => t.includes('Dana Scully'), 'the access list');
				await grantsLoaded(demo, ui, 'acme/api-gateway');
				await ui.press('/', ...'dscully', keys.enter);
				await ui.waitFor(t => /1 of 1/.test(t), 'filtered to dscully');
				const before = demo.backend.requestLog().length;
				await ui.press('x');
				const text = await ui.waitFor(t => t.includes('What would remove it'), 'the picker');
				assert.match(text, /revoke group developers on project PLAT \(affects 12 repositories, \d+ people\)/);
				assert.match(text, /remove dscully from group developers \(affects \d+ repositories\)/);
				assert.equal(demo.backend.requestLog().length, before, 'x sent no request');
				await ui.press(keys.escape);
			} finally {
				ui.unmount();
			}
		});
	});

	describe('x on a person\'s Groups tab acts on the row\'s object', () => {
		test('row developers: x offers taking dscully out of the group, with its reach, and plans that', async () => {
			const dscully = demo.backend.graph()!.users().find(user => user.nickname === 'dscully')!;
			const ui = mount(demo, {view: 'person', uuid: dscully.uuid}, {columns: 80, rows: 24});
			try {
				await ui.waitFor(t => t.includes('Groups'), 'the person view');
				await ui.press('2');
				await ui.waitFor(t => /›\s+developers/.test(t), 'the Groups tab');
				const before = demo.backend.requestLog().length;
				await ui.press('x');
				const text = await ui.waitFor(t => t.includes('What dscully gets through group developers'), 'the picker');
				assert.match(text, /remove dscully from group developers \(affects \d+ repositories\)/);
				assert.doesNotMatch(text, /explicit permission on/);
				assert.equal(demo.backend.requestLog().length, before, 'x sent no request');
				await ui.press(keys.enter);
				await ui.waitFor(t => t.includes('Remove dscully from group developers in acme') && t.includes('Apply this change?'), 'the plan');
				await ui.press(keys.escape);
				await ui.waitFor(t => t.includes('Cancelled: nothing was sent.'));
			} finally {
				ui.unmount();
			}
		});
	});

	describe('change keys say why they cannot act', () => {

		for (const [name, view] of [
			['workspace list', {view: 'workspaces'}],
			['workspace Repositories', {view: 'workspace', workspace: 'acme', section: 'repositories'}],
			['request log', {view: 'request-log'}],
		] as const) {
			test(`${name}: a x m M O each flash a reason`, async () => {
				const ui = mount(demo, view);
				try {
					await ui.waitFor(t => t.includes(' of '), 'the view');
					for (const key of ['a', 'x', 'm', 'M', 'O']) {
						await ui.press(key);
						await ui.waitFor(t => t.includes(`Note: ${key} (`) && /acts in a .* view, not in/.test(t), `a reason for ${key}`);
						await ui.press(keys.escape);
					}
				} finally {
					ui.unmount();
				}
			});
		}
	});

	describe('grant picker', () => {

		test('workspace owners are shown disabled with the reason; the role is a column (issue 13 item 4)', async () => {
			const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'});
			try {
				await ui.waitFor(t => t.includes('ADMIN') && t.includes('workspace owner'), 'the access list, owner first');
				await grantsLoaded(demo, ui, 'acme/api-gateway');
				await ui.press('a');
				let text = await ui.waitFor(t => t.includes('Grant on acme/api-gateway to'), 'the principal picker');
				assert.match(text, /owner +— admin everywhere, no explicit grants/);
				assert.match(text, /Alex Morgan \(amorgan\): workspace owner: admin everywhere, cannot receive explicit grants/, 'in full on the hint line while selected');
				const details = text.split('\n').filter(line => /\s(member|owner)\s/.test(line)).map(line => line.search(/\s(member|owner)(\s|$)/));
				assert.ok(details.length >= 2 && details.every(at => at === details[0]), `the role column lines up: ${details.join(',')}`);
				const before = demo.backend.requestLog().length;
				await ui.press(keys.enter);
				text = await ui.waitFor(t => /: workspace owner: admin everywhere, cannot receive explicit grants/.test(t), 'the refusal');
				assert.doesNotMatch(text, /Level for/);
				assert.equal(demo.backend.requestLog().length, before);
				await ui.press(keys.escape);
			} finally {
				ui.unmount();
			}
		});

		test('at 80×24 the owner\'s reason fits its row; at 60×16 it is shown in full, wrapped; the picker follows resizes (issue 13 item 4)', async () => {
			const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'}, {columns: 80, rows: 24});
			const boxLines = (text: string) => text.split('\n').filter(line => line.startsWith('│'));
			// The hint lines from the reason's first line down, unwrapped.
			const hintText = (box: string[]) =>
				box
					.slice(box.findIndex(line => line.includes('Alex Morgan (amorgan):')))
					.map(line => line.replace(/^│ +| +│$/g, ''))
					.join(' ');
			try {
				await ui.waitFor(t => t.includes('李雷'), 'the access list');
				await grantsLoaded(demo, ui, 'acme/api-gateway');
				await ui.press('a');
				let text = await ui.waitFor(t => t.includes('Grant on acme/api-gateway to'), 'the principal picker at 80×24');
				const owners = boxLines(text).filter(line => /^│ [› ] .*\((hokoye|amorgan)\) /.test(line));
				assert.ok(owners.length > 0, 'owners are listed');
				for (const line of owners) assert.match(line, /owner +— admin everywhere, no explicit grants │$/, `the reason is whole: ${line}`);
				for (const line of text.split('\n')) assert.ok([...line].length <= 80, `fits 80 columns: ${line}`);
				await ui.press(...'amorgan');
				text = await ui.waitFor(t => /› Alex Morgan/.test(t), 'the owner selected');
				assert.match(hintText(boxLines(text)), /Alex Morgan \(amorgan\): workspace owner: admin +everywhere, cannot receive +explicit +grants/, 'the full reason on the hint line');
				ui.resize(60, 16);
				text = await ui.waitFor(t => t.includes('╭' + '─'.repeat(58) + '╮'), 'the picker follows the terminal to 60 columns');
				for (const line of text.split('\n')) assert.ok([...line].length <= 60, `fits 60 columns: ${line}`);
				const box = boxLines(text);
				assert.doesNotMatch(box.join('\n'), /admin everywhere, n…|c…/, 'no reason cut off');
				assert.match(hintText(box), /Alex Morgan \(amorgan\): workspace owner: admin +everywhere, cannot receive explicit +grants/, `wrapped in full:\n${box.join('\n')}`);
				ui.resize(80, 24);
				await ui.waitFor(t => t.includes('╭' + '─'.repeat(78) + '╮'), 'and back to 80 columns');
				await ui.press(keys.escape);
			} finally {
				ui.unmount();
			}
		});

		test('a person view of an owner: targets in the workspace they own are disabled with the reason, elsewhere they are offered', async () => {
			const amorgan = demo.backend.graph()!.users().find(user => user.nickname === 'amorgan')!;
			const ui = mount(demo, {view: 'person', uuid: amorgan.uuid});
			try {
				await ui.waitFor(t => t.includes('Role: acme: owner'), 'the person view');
				const before = demo.backend.requestLog().length;
				await ui.press('a');
				let text = await ui.waitFor(t => t.includes('Grant amorgan access on…'), 'the target picker');
				assert.match(text, /› acme:DATA .*— owner of acme: admin already, no explicit grants/, 'the selected row, disabled');
				await ui.press(keys.enter);
				text = await ui.waitFor(t => t.includes('acme:DATA: owner of acme: admin already, no explicit grants'), 'the refusal in the picker');
				assert.doesNotMatch(text, /Level for/);
				await ui.press(...'acme-labs');
				text = await ui.waitFor(t => /› acme-labs/.test(t), 'targets in acme-labs, where amorgan is a member');
				assert.doesNotMatch(text, /acme-labs.*cannot receive explicit grants/, 'offered where amorgan is a member');
				await ui.press(keys.escape);
				assert.equal(demo.backend.requestLog().length, before, 'nothing sent');
			} finally {
				ui.unmount();
			}
		});
	});

	describe('dialogs at the smallest size (60×16)', () => {

		test('the change dialog wraps cleanly and fits; Esc on a no-op closes without saying "Cancelled" (issue 13)', async () => {
			const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'}, {columns: 60, rows: 16});
			try {
				await ui.waitFor(t => t.includes('李雷'), 'the access list');
				await grantsLoaded(demo, ui, 'acme/api-gateway');
				await ui.press('/', ...'lilei', keys.enter);
				await ui.waitFor(t => t.includes("/lilei · ") && !t.includes("Nobody"), "filtered (at 60 columns the title keeps the filter and the sort)");
				await ui.press('x');
				const text = await ui.waitFor(t => t.includes('Type ') && t.includes('to confirm'), 'the confirm dialog');
				for (const line of text.split('\n')) assert.ok([...line].length <= 60, `fits 60 columns: ${line}`);
				assert.ok(text.split('\n').length <= 16);
				assert.match(text, /│ .*│/, 'a drawn frame');
				assert.doesNotMatch(text, /\)[a-z]+: NONE/, 'no garbled joins');
				const dialog = text.split('\n').filter(line => line.startsWith('│'));
				assert.doesNotMatch(dialog.join('\n'), /…/, `title, hint and prompt wrap instead of being cut:\n${dialog.join('\n')}`);
				assert.match(dialog.join(' '), /Revoke lilei's .*explicit permission/, 'the whole title is there');
				await ui.press(...'acme/api-gateway');
				const typed = await ui.waitFor(t => t.includes('acme/api-gateway█'), 'what is typed stays visible after the long prompt');
				for (const line of typed.split('\n')) assert.ok([...line].length <= 60, `fits 60 columns: ${line}`);
				await ui.press(keys.escape);
				await ui.waitFor(t => t.includes('Cancelled: nothing was sent.'), 'a real cancel says so');
			} finally {
				ui.unmount();
			}
		});
	});

	test('Esc on a plan that sends nothing closes without saying "Cancelled" (issue 13)', async () => {
		const ui = mount(demo, {view: 'repository', fullName: 'acme/api-gateway'});
		try {
			await ui.waitFor(t => t.includes('李雷'), 'the access list');
			await grantsLoaded(demo, ui, 'acme/api-gateway');
			await ui.press('/', ...'lilei', keys.enter);
			await ui.waitFor(t => /1 of 1/.test(t));
			await ui.press('a');
			await ui.waitFor(t => t.includes('Grant on acme/api-gateway to'), 'principal picker, lilei preselected');
			await ui.press(keys.enter);
			await ui.waitFor(t => t.includes('Level for lilei'), 'level picker, current level preselected');
			await ui.press(keys.enter);
			await ui.waitFor(t => t.includes('Nothing will be sent'), 'a no-op plan');
			await ui.press(keys.escape);
			const text = await ui.waitFor(t => !t.includes('Nothing will be sent'), 'closed');
			assert.doesNotMatch(text, /Cancelled/);
		} finally {
			ui.unmount();
		}
	});
});
