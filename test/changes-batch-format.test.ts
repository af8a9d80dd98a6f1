/**
 * The CLI text of a batch plan: large counts grouped like the explorer (2,002), and the one
 * confirmation wording (`Type 'yes' to confirm (…)`; with --yes, that --yes stands in for it).
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatBatchPlan, type BatchPlan} from '../source/core/changes/batch/index.js';
import {batchPlanLines} from '../source/ui/changes/batch-lines.js';

function bigPlan(count: number): BatchPlan {
	const items = Array.from({length: count}, (_unused, index) => ({
		summary: `revoke user${index}'s explicit READ on acme/repo-${index}`,
		before: {type: 'permission' as const, level: 'read' as const},
		after: {type: 'permission' as const, level: undefined},
		mutation: {method: 'DELETE' as const, path: `/2.0/repositories/acme/repo-${index}/permissions-config/users/u${index}`},
		remaining: [],
	}));
	return {
		kind: 'batch',
		title: `Batch of ${count.toLocaleString('en-US')} changes`,
		items,
		requests: items.map(item => item.mutation),
		people: [],
		notes: [],
		cost: {text: 'sends 2,400 requests'},
		affectedUsers: count,
		actionable: true,
		typedConfirmation: 'yes',
		typedConfirmationReason: `affects ${count.toLocaleString('en-US')} people`,
	} as unknown as BatchPlan;
}

test('a batch plan groups its counts like the explorer (1,200 items, 1,200 people) (issue 13 item 19)', () => {
	const text = formatBatchPlan(bigPlan(1200)).join('\n');
	assert.match(text, /^ {2}1,200 items: 1,200 to send, 0 already as asked, 0 refused$/m);
	assert.match(text, /^ {2}affects 1,200 people$/m);
	const dialog = batchPlanLines(bigPlan(1200)).map(line => line.text);
	assert.equal(dialog[0], '1,200 items: 1,200 to send, 0 already as asked, 0 refused · affects 1,200 people', 'the explorer\'s batch dialog says the same');
});

test('a batch plan says the one confirmation wording, and with --yes that --yes stands in for typing (issue 13 item 20)', () => {
	const asked = formatBatchPlan(bigPlan(12)).join('\n');
	assert.match(asked, /^ {2}Type 'yes' to confirm \(affects 12 people\)$/m);
	const yes = formatBatchPlan(bigPlan(12), {yes: true}).join('\n');
	assert.match(yes, /^ {2}Confirmed by --yes in place of typing 'yes' \(affects 12 people\)$/m);
	assert.doesNotMatch(asked + yes, /Typed confirmation required/);
});
