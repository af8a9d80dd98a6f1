/**
 * The HTML evidence report in a real headless browser (Debian's chromium; CI installs it): it
 * renders to a non-trivial screenshot, and the page's DOM holds the findings, the drift and the
 * heat map. Built from hand-made snapshots, so every line is known. Skips when chromium is absent.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {AccessGraph} from '../source/core/graph/index.js';
import {audit} from '../source/core/review/audit.js';
import {diffSnapshots} from '../source/core/review/drift.js';
import {completenessOf, snapshotSha256, type HistoryEntry} from '../source/core/review/history.js';
import {accessMatrix} from '../source/core/review/matrix.js';
import {htmlReport} from '../source/core/review/report.js';
import {demoBuilder} from './helpers/snapshot-builder.js';

const run = promisify(execFile);
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(file => existsSync(file));

export function sampleReport(): string {
	const before = demoBuilder().build();
	const after = demoBuilder().user('mkrycek', 'Alex <b>Krycek</b>').member('acme', 'mkrycek').repositoryGrant('acme/api-gateway', {user: 'mkrycek'}, 'write').build();
	const graph = AccessGraph.fromSnapshot(after);
	const text = JSON.stringify(after);
	const from: HistoryEntry = {id: '20261125T100000Z-0badc0de', savedAt: '2026-11-25T10:00:00.000Z', syncedAt: before.syncedAt, apiUrl: before.apiUrl, email: before.account.email, account: 'x', workspaces: ['acme'], completeness: completenessOf(before), sha256: snapshotSha256(JSON.stringify(before)), bytes: 1};
	return htmlReport({
		generatedAt: '2026-12-02T12:00:00.000Z',
		snapshot: after,
		sha256: snapshotSha256(text),
		graph,
		workspaces: ['acme'],
		findings: audit(graph),
		drift: {report: diffSnapshots(before, graph), from},
		journal: [],
		matrix: accessMatrix(graph, 'acme', {project: 'PLAT'}),
	});
}

test('the HTML report renders in headless chromium: a real screenshot, and the DOM holds findings, drift and heat map', {skip: CHROMIUM ? false : 'chromium is not installed (apt-get install -y chromium); CI installs it'}, async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-report-browser-'));
	try {
		const page = path.join(dir, 'review.html');
		await writeFile(page, sampleReport());
		const shot = path.join(dir, 'review.png');
		const common = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--window-size=1200,900'];
		const [, dom] = await Promise.all([
			run(CHROMIUM!, [...common, `--user-data-dir=${path.join(dir, 'profile-a')}`, `--screenshot=${shot}`, `file://${page}`], {timeout: 60_000}),
			run(CHROMIUM!, [...common, `--user-data-dir=${path.join(dir, 'profile-b')}`, '--dump-dom', `file://${page}`], {timeout: 60_000, maxBuffer: 16 * 1024 * 1024}),
		]);
		const size = (await stat(shot)).size;
		assert.ok(size > 20_000, `screenshot is ${size} bytes`);
		assert.match(dom.stdout, /admin-outside-owners — 李雷 \(lilei\) is ADMIN on acme\/api-gateway but not an owner of acme/);
		assert.match(dom.stdout, /\+ Alex &lt;b&gt;Krycek&lt;\/b&gt; \(mkrycek\) on acme\/api-gateway: none → WRITE \(repository grant\)/, 'server text is escaped, not markup');
		assert.match(dom.stdout, /<table class="heat">/);
		if (process.env.BBACCESS_REPORT_SAMPLE) await writeFile(process.env.BBACCESS_REPORT_SAMPLE, await import('node:fs/promises').then(fs => fs.readFile(shot)));
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
});
