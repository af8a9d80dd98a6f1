/**
 * Faults during apply (the emulator's seeded 5xx and connection resets): every change ends in a
 * verified state, the graph holds only what Bitbucket showed on re-read, and the journal says
 * honestly which changes were applied-verified and which failed.
 */
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {BitbucketClient} from '../source/core/bitbucket/client.js';
import {RequestLog} from '../source/core/bitbucket/request-log.js';
import {ChangeService, type ChangeRequest} from '../source/core/changes/index.js';
import {DEMO_ADMIN} from '../source/emulator/index.js';
import {fastRetry} from './helpers/fast-retry.js';
import {repoUserLevel, startChangeBench, type ChangeBench} from './helpers/changes-env.js';

const REPOS = ['acme/billing-service', 'acme/data-pipeline', 'acme/web-app', 'acme/api-gateway'];
const PEOPLE = ['dscully', 'fmulder'];

function changesFor(bench: ChangeBench, level: 'read' | 'write' | undefined): ChangeRequest[] {
	const repos = REPOS.filter(name => bench.graph.repository(name));
	return repos.flatMap(fullName =>
		PEOPLE.map(nickname => ({type: 'permission' as const, target: {type: 'repository' as const, workspace: 'acme', fullName}, principal: {type: 'user' as const, uuid: bench.uuidOf(nickname)}, level})),
	);
}

describe('applying under injected faults', () => {
	let bench: ChangeBench;
	before(async () => {
		bench = await startChangeBench({emulator: {faultRate: 0.3, seed: 7}, maxAttempts: 8});
	});
	after(async () => bench.close());

	test('with retries, every change is applied and verified; the journal shows the retried attempts', async () => {
		const plan = await bench.service.plan(changesFor(bench, 'write'), {title: 'grant WRITE under faults'});
		const result = await bench.service.apply(plan);
		assert.equal(result.outcome, 'applied-verified', result.message);
		const state = await bench.state();
		for (const item of plan.items) {
			const change = item.request as Extract<ChangeRequest, {type: 'permission'}>;
			const fullName = (change.target as {fullName: string}).fullName;
			const nickname = bench.graph.user((change.principal as {uuid: string}).uuid)!.nickname!;
			assert.equal(repoUserLevel(state, fullName, nickname), 'write', `${nickname} on ${fullName}`);
		}
		const {entries} = await bench.journal.read();
		const attempts = entries.flatMap(entry => entry.requests);
		assert.ok(attempts.some(request => request.status === undefined || (request.status ?? 0) >= 500), 'some attempts hit an injected fault and were retried');
		assert.ok(entries.every(entry => entry.outcome === 'applied-verified'));
	});

	test('without retries, failures are reported per item and the graph and journal match Bitbucket', async () => {
		const client = new BitbucketClient({apiUrl: bench.emulator.url, email: DEMO_ADMIN.email, token: DEMO_ADMIN.token, requestLog: new RequestLog(), retry: fastRetry(), maxAttempts: 1});
		const service = new ChangeService({client, graph: () => bench.graph, journal: bench.journal, account: {email: DEMO_ADMIN.email, apiUrl: bench.emulator.url}});
		try {
			// Plan with the retrying client; apply (one attempt per request) with the other.
			const plan = await bench.service.plan(changesFor(bench, undefined), {title: 'revoke under faults'});
			assert.equal(plan.items.filter(item => item.mutation).length, plan.items.length, 'every item is actionable');
			const journalBefore = (await bench.journal.read()).entries.length;
			const result = await service.apply(plan);
			const state = await bench.state();
			const {entries} = await bench.journal.read();
			const mine = entries.slice(journalBefore);
			assert.equal(mine.length, plan.items.length, 'one journal line per item');
			for (const item of result.items) {
				const planned = plan.items[item.index]!;
				const change = planned.request as Extract<ChangeRequest, {type: 'permission'}>;
				const fullName = (change.target as {fullName: string}).fullName;
				const uuid = (change.principal as {uuid: string}).uuid;
				const actual = repoUserLevel(state, fullName, bench.graph.user(uuid)!.nickname!);
				const entry = mine.find(line => line.summary === planned.summary)!;
				assert.equal(entry.outcome, item.outcome);
				if (item.outcome === 'applied-verified') assert.equal(actual, undefined, `${planned.summary}: verified means Bitbucket shows none`);
				if (item.verified?.type === 'permission') {
					assert.equal(actual, item.verified.level, `${planned.summary}: the verified state is what Bitbucket holds`);
					const inGraph = bench.graph.repositoryGrants(fullName).find(grant => grant.principal.type === 'user' && grant.principal.uuid === uuid)?.level;
					assert.equal(inGraph, item.verified.level, 'the graph holds the verified state');
				}
				if (item.outcome === 'failed') assert.ok(item.message && item.message.length > 0, 'a failure says why');
			}
			assert.ok(result.items.some(item => item.outcome === 'failed'), 'with a 30% fault rate and no retries some items fail (seeded)');
			assert.ok(['partial', 'failed'].includes(result.outcome), result.outcome);
		} finally {
			await client.close();
		}
	});
});
