/**
 * Issue #11.4: server text is attacker-controlled. A scenario with escape sequences, C1 and bidi
 * characters in a display name, a group, project and repository name, and a server error message:
 * no raw ESC sequence, BEL, C1 or bidi character reaches the TUI frames, CLI stdout/stderr or CSV;
 * they show visibly (␛]0;pwned␇), and JSON export keeps the exact string.
 */
import {test} from 'node:test';
import {execFileSync} from 'node:child_process';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {formatDrift, formatFindings} from '../source/core/review/format.js';
import type {DriftReport} from '../source/core/review/drift.js';
import type {Finding} from '../source/core/review/findings.js';
import {isSafeText, sanitizeOutput, sanitizeText} from '../source/core/text/sanitize.js';
import {demoScenario, startEmulator, type Scenario} from '../source/emulator/index.js';
import {startDemoBackend} from './helpers/demo-backend.js';
import {sendError, startLoopbackServer} from './helpers/loopback-server.js';
import {keys, renderExplorer} from './helpers/render.js';
import {privateCliEnv, runCli, xdgDirs} from './helpers/run-cli.js';
import {ADMIN} from './helpers/sync-harness.js';
import {TmuxSession, tmuxAvailable} from './helpers/tmux-session.js';

const DAVE = 'Dave \u001b]0;pwned\u0007\u001b[31mRed';
const GROUP = 'dev\u202eelopers';
const PROJECT = 'Platform\u009b31m';
const REPO = 'api\u001b[2Jgateway';

function hostileScenario(): Scenario {
	const scenario = demoScenario();
	for (const user of scenario.users) if (user.nickname === 'dscully') user.displayName = DAVE;
	const acme = scenario.workspaces.find(workspace => workspace.slug === 'acme')!;
	for (const group of acme.groups ?? []) if (group.slug === 'developers') group.name = GROUP;
	for (const project of acme.projects ?? []) if (project.key === 'PLAT') project.name = PROJECT;
	for (const repository of acme.repositories ?? []) if (repository.slug === 'api-gateway') repository.name = REPO;
	return scenario;
}

/** No escape sequence other than Ink's own colour/cursor CSIs, and no BEL, C1, bidi or OSC. */
function assertNoRawControls(text: string, where: string): void {
	assert.doesNotMatch(text, /\u0007/, `${where}: BEL`);
	assert.doesNotMatch(text, /\u001b\]/, `${where}: OSC (pane title)`);
	assert.doesNotMatch(text, /\u001b\[2J/, `${where}: clear screen from a name`);
	assert.doesNotMatch(text, /\u001b\[31mRed/, `${where}: a name's colour code`);
	assert.doesNotMatch(text, /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/, `${where}: C1 or bidi`);
}

test('the sanitiser shows controls visibly and leaves clean text as it is', () => {
	assert.equal(sanitizeText(DAVE), 'Dave ␛]0;pwned␇␛[31mRed');
	assert.equal(sanitizeText(GROUP), 'dev⟪U+202E⟫elopers');
	assert.equal(sanitizeText(PROJECT), 'Platform⟪U+009B⟫31m');
	assert.equal(sanitizeText('a\nb\tc\u007f'), 'a␊b␉c␡');
	assert.equal(sanitizeOutput('line one\nline\ttwo \u001b[2J'), 'line one\nline\ttwo ␛[2J');
	const clean = 'Ünïcödé 李雷 — ok';
	assert.equal(sanitizeText(clean), clean);
	assert.ok(isSafeText(clean) && !isSafeText(DAVE));
});

test('diff and audit: JSON keeps the exact strings with no raw C1 or bidi character; text and CSV show them', () => {
	const drift: DriftReport = {
		from: {syncedAt: '2026-01-01T00:00:00Z'},
		to: {syncedAt: '2026-01-02T00:00:00Z'},
		workspaces: ['acme'],
		access: [{kind: 'added', workspace: 'acme', target: {type: 'project', workspace: 'acme', key: 'PLAT'}, targetName: PROJECT, user: '{dave}', userName: DAVE, before: 'none', after: 'read', whyBefore: '', whyAfter: `via group ${GROUP}`}],
		state: [],
		notComparable: [],
	};
	const finding: Finding = {id: 'unused-group:acme:developers', rule: 'unused-group', severity: 'low', workspace: 'acme', title: `group ${GROUP} grants nothing`, paths: [`${DAVE} → group ${GROUP}`], objects: []};
	for (const [what, json, values] of [
		['diff', formatDrift(drift, 'json'), (parsed: DriftReport) => [parsed.access[0]!.userName, parsed.access[0]!.targetName, parsed.access[0]!.whyAfter]],
		['audit', formatFindings([finding], 'json'), (parsed: Finding[]) => [parsed[0]!.title, parsed[0]!.paths[0]]],
	] as const) {
		assertNoRawControls(json, `${what} --format json`);
		assert.doesNotMatch(json, /\u001b/, `${what} JSON: raw ESC`);
		const exact = (values as (parsed: unknown) => unknown[])(JSON.parse(json));
		assert.deepEqual(exact, what === 'diff' ? [DAVE, PROJECT, `via group ${GROUP}`] : [`group ${GROUP} grants nothing`, `${DAVE} → group ${GROUP}`]);
	}
	for (const text of [formatDrift(drift, 'text'), formatDrift(drift, 'csv'), formatFindings([finding], 'text'), formatFindings([finding], 'csv')]) {
		assertNoRawControls(text, 'diff/audit text or CSV');
		assert.doesNotMatch(text, /\u001b/);
	}
	assert.match(formatFindings([finding], 'text'), /dev⟪U\+202E⟫elopers/);
});

test('TUI: hostile names never reach the frames raw', async t => {
	const demo = await startDemoBackend({emulator: {scenario: hostileScenario()}});
	t.after(() => demo.close());
	await demo.backend.refresh();
	const ui = renderExplorer(demo.backend, {columns: 140, rows: 40});
	try {
		await ui.waitFor(text => text.includes('acme') && text.includes('Workspaces'), 'workspace list');
		await ui.press(':', ...'repo api-gateway', keys.enter);
		await ui.waitFor(text => text.includes('Dave ␛]0;pwned␇␛[31mRed'), 'the hostile display name, visible', 10_000);
		await ui.press(':', ...'group developers', keys.enter);
		await ui.waitFor(text => text.includes('Dave ␛]0;pwned␇␛[31mRed') && text.includes('Members') && (text.split('\n')[0] ?? '').includes('group developers'), 'the group view', 10_000);
		await ui.press(':', ...'project PLAT', keys.enter);
		const project = await ui.waitFor(text => text.includes('Platform⟪U+009B⟫31m'), 'the project view, its hostile name visible', 10_000);
		// Widths are measured on the visible form: the hostile row lines up with its neighbours.
		const lines = project.split('\n');
		const column = (needle: string) => {
			const line = lines.find(item => item.includes(needle)) ?? '';
			return line.indexOf('WRITE');
		};
		assert.equal(column('(dscully)'), column('(ebrown)'), 'the level column lines up');
		assertNoRawControls(ui.stdout.writes.join(''), 'TUI');
	} finally {
		ui.unmount();
	}
});

test('CLI: export CSV and a change plan are sanitised; JSON export keeps the exact strings', async t => {
	const emulator = await startEmulator({scenario: hostileScenario()});
	t.after(() => emulator.stop());
	const {env} = privateCliEnv(t, 'hostile', ADMIN, {BBACCESS_API_URL: emulator.url});
	const csv = await runCli(['export', '--workspace', 'acme', '--what', 'members', '--format', 'csv'], {env});
	assert.equal(csv.status, 0, csv.stderr);
	assert.ok(csv.stdout.includes('Dave ␛]0;pwned␇␛[31mRed'), 'visible in CSV');
	assertNoRawControls(csv.stdout + csv.stderr, 'export CSV');
	assert.doesNotMatch(csv.stdout, /\u001b/);

	const json = await runCli(['export', '--workspace', 'acme', '--what', 'members', '--format', 'json'], {env});
	assert.equal(json.status, 0, json.stderr);
	assertNoRawControls(json.stdout, 'export JSON text');
	const rows = JSON.parse(json.stdout) as Array<{displayName?: string; display_name?: string}>;
	assert.ok(rows.some(row => Object.values(row).includes(DAVE)), 'JSON keeps the exact display name');

	const groups = await runCli(['export', '--workspace', 'acme', '--what', 'groups', '--format', 'json'], {env});
	assert.equal(groups.status, 0, groups.stderr);
	assert.ok(groups.stdout.includes('\\u202e'), 'bidi escaped in the JSON text');
	assert.ok((JSON.parse(groups.stdout) as Array<Record<string, unknown>>).some(row => Object.values(row).includes(GROUP)));

	const plan = await runCli(['grant', '--workspace', 'acme', '--repo', 'api-gateway', '--user', 'dscully', '--level', 'admin', '--dry-run'], {env});
	assert.equal(plan.status, 0, plan.stdout + plan.stderr);
	assertNoRawControls(plan.stdout + plan.stderr, 'change plan');
});

test('CLI: a hostile error message from the server is shown sanitised', async t => {
	const server = await startLoopbackServer((_request, response) => sendError(response, 400, 'bad \u001b]0;pwned\u0007 request \u202e'));
	t.after(() => server.close());
	const {env} = privateCliEnv(t, 'hostile-err', ADMIN);
	const result = await runCli(['sync', '--api-url', server.url], {env});
	assert.equal(result.status, 1, result.stderr);
	assert.match(result.stderr, /bad ␛\]0;pwned␇ request ⟪U\+202E⟫/);
	assertNoRawControls(result.stdout + result.stderr, 'error message');
});

test('tmux: opening a hostile name in the explorer leaves the pane title alone', {skip: tmuxAvailable() ? false : 'tmux not installed'}, async t => {
	const emulator = await startEmulator({scenario: hostileScenario()});
	t.after(() => emulator.stop());
	const home = mkdtempSync(path.join(os.tmpdir(), 'bbaccess-hostile-tmux-'));
	t.after(() => rmSync(home, {recursive: true, force: true}));
	const tmux = TmuxSession.start({
		command: `node --import tsx source/cli.tsx --api-url ${emulator.url}`,
		cwd: process.cwd(),
		env: {
			TERM: 'xterm-256color',
			HOME: home,
			...xdgDirs(home),
			BITBUCKET_EMAIL: ADMIN.email,
			BITBUCKET_API_TOKEN: ADMIN.token,
		},
		columns: 140,
		rows: 40,
	});
	t.after(() => tmux.close());
	const title = () => execFileSync('tmux', ['-L', tmux.socket, '-f', '/dev/null', 'display-message', '-p', '-t', tmux.target, '#{pane_title}'], {encoding: 'utf8'}).trim();
	await tmux.waitFor('Acme Corp', {timeoutMs: 30_000});
	const before = title();
	// Typed like a person: the jump and its Enter in one burst, no waits between keys.
	tmux.keys(':repo api-gateway', 'Enter');
	await tmux.waitFor('Dave ␛]0;pwned␇␛[31mRed', {timeoutMs: 30_000});
	assert.notEqual(title(), 'pwned');
	assert.equal(title(), before);
	tmux.keys('q');
});
