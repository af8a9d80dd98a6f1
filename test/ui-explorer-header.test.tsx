/**
 * The header at narrow widths (issue 13 item 10): the status (sync age and state, request budget)
 * always has its place. The breadcrumb and the badges give way first, then the status takes its
 * compact form; it is never cut while a compact form fits.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {displayWidth} from '../source/ui/components/text-width.js';
import {createMemoryBackend} from './helpers/demo-graph.js';
import {frameLines, renderExplorer} from './helpers/render.js';
import {demoBuilder} from './helpers/snapshot-builder.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

test('at 60×16 the header keeps the whole status: the breadcrumb shortens, then the compact form (issue 13 item 10)', async () => {
	const snapshot = demoBuilder().problem('acme: workspace roles', 'not visible', 'forbidden', 'acme').build();
	const cases = [
		{status: {demo: true, syncedAt: minutesAgo(0), requestsUsed: 357, budgetLeft: 543}, wide: /\[DEMO\] synced just now · ! 1 problem \(P\) · 357 req \(543 left\)$/, narrow: /\[DEMO\] synced just now · !1 \(P\) · 543 left$/},
		{status: {demo: true, readOnly: true, syncedAt: minutesAgo(12), requestsUsed: 1357, budgetLeft: 2543}, wide: /\[DEMO\] \[READ-ONLY\] synced 12 min ago · .*1,357 req \(2,543 left\)$/, narrow: /\[DEMO\] \[RO\] synced 12m ago · 2,543 left$/},
		{status: {state: 'syncing' as const, message: 'synced 12 min ago — refreshing', requestsUsed: 357, budgetLeft: 543}, wide: /synced 12 min ago — refreshing · !1 \(P\) · 357 req \(543 left\)$/, narrow: /synced 12m ago — refreshing · 543 left$/},
	];
	for (const {status, wide, narrow} of cases) {
		for (const [columns, rows, expected] of [[100, 24, wide], [60, 16, narrow]] as const) {
			const ui = renderExplorer(createMemoryBackend(snapshot, {status}), {columns, rows, initialView: {view: 'repository', fullName: 'acme/api-gateway'}});
			try {
				const header = frameLines(await ui.waitFor(t => t.includes('Dana Scully'), `the view at ${columns}×${rows}`))[0] ?? '';
				assert.ok(displayWidth(header) <= columns, `fits: "${header}"`);
				assert.match(header, expected, `${columns} columns: "${header}"`);
				assert.match(header, /api-gateway {2}/, 'the breadcrumb still ends with the current view');
				assert.equal(header.split('api-gateway')[1]?.includes('…'), false, `nothing in the status is cut: "${header}"`);
			} finally {
				ui.unmount();
			}
		}
	}
});
