/**
 * Batches over loopback HTTP against the emulator: one plan for many items, concurrent apply under
 * injected faults (seeded), and a journal that matches what Bitbucket holds, item by item.
 */
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {BitbucketClient} from '../source/core/bitbucket/client.js';
import {RequestLog} from '../source/core/bitbucket/request-log.js';
import {applyBatch, formatBatchPlan, planBatch} from '../source/core/changes/batch/index.js';
import {ChangeService, type ChangeRequest} from '../source/core/changes/index.js';
import {EXIT} from '../source/core/errors.js';
import {DEMO_ADMIN} from '../source/emulator/index.js';
import {fastRetry} from './helpers/fast-retry.js';
import {repoUserLevel, startChangeBench, type ChangeBench} from './helpers/changes-env.js';

const PEOPLE = ['dscully', 'fmulder', 'ebrown', 'mpetrov'];

function fortyGrants(bench: ChangeBench): ChangeRequest[] {
	const repos = bench.graph.repositories('acme').slice(0, 10);
	assert.equal(repos.length, 10, 'the demo has at least 10 acme repositories');
	return repos.flatMap(repo =>
		PEOPLE.map(nickname => ({
			type: 'permission' as const,
			target: {type: 'repository' as const, workspace: 'acme', fullName: repo.fullName},
			principal: {type: 'user' as const, uuid: bench.uuidOf(nickname)},
			level: 'admin' as const,
		})),
	);
}

describe('batches', () => {
	let bench: ChangeBench;
	before(async () => {
		bench = await startChangeBench({emulator: {faultRate: 0.2, seed: 11}, maxAttempts: 10});
	});
	after(async () => bench.close());

	test('a 40-item batch with 20% faults ends with a journal that matches the true state item by item', async () => {
		const plan = await planBatch(bench.service, fortyGrants(bench), {title: 'grant ADMIN on ten repositories', budget: {limitPerHour: 1000, used: () => 100, remaining: () => 900}});
		assert.equal(plan.items.length, 40);
		assert.equal(plan.requests.length, plan.items.filter(item => item.mutation).length);
		assert.ok(plan.requests.every(request => request.method === 'PUT' && request.path.startsWith('/2.0/repositories/acme/')));
		assert.equal(plan.typedConfirmation, 'yes', 'ADMIN, 4 people and 40 requests need typed confirmation');
		assert.ok(plan.people.some(person => person.userName === 'dscully' && person.changes.some(change => change.after === 'admin')));
		assert.match(plan.cost.text, /sends \d+ requests .*budget: 900 of 1,000/);
		const text = formatBatchPlan(plan).join('\n');
		assert.match(text, /PUT \/2\.0\/repositories\/acme\//);
		assert.match(text, /Effective access that changes/);

		// Apply with one attempt per request so injected faults turn into failed items.
		const client = new BitbucketClient({apiUrl: bench.emulator.url, email: DEMO_ADMIN.email, token: DEMO_ADMIN.token, requestLog: new RequestLog(), retry: fastRetry(), maxAttempts: 1, concurrency: 6});
		const service = new ChangeService({client, graph: () => bench.graph, journal: bench.journal, account: {email: DEMO_ADMIN.email, apiUrl: bench.emulator.url}});
		try {
			await assert.rejects(applyBatch(service, plan, {typed: 'no'}), /typed confirmation did not match/);
			const {result, failed, exitCode} = await applyBatch(service, plan, {typed: 'yes'});
			const state = await bench.state();
			const {entries} = await bench.journal.read();
			const mine = entries.filter(entry => entry.batch === result.batch);
			assert.equal(mine.length, 40, 'one journal batch with each item');
			assert.ok(mine.every(entry => entry.operation === 'batch'));
			for (const entry of mine) {
				const change = entry.request as Extract<ChangeRequest, {type: 'permission'}>;
				const fullName = (change.target as {fullName: string}).fullName;
				const nickname = bench.graph.user((change.principal as {uuid: string}).uuid)!.nickname!;
				const actual = repoUserLevel(state, fullName, nickname);
				assert.ok(entry.verified, `${entry.summary}: the journal says what Bitbucket holds`);
				assert.equal(entry.verified.type === 'permission' ? entry.verified.level : 'x', actual, `${entry.summary}: journal = true state`);
				assert.equal(entry.outcome === 'applied-verified', actual === 'admin', `${entry.summary}: ${entry.outcome} vs ${actual}`);
			}
			assert.ok(failed.length > 0, 'with 20% faults and no retries some items fail (seeded)');
			assert.ok(failed.length < 40, 'failures do not stop the others');
			assert.equal(exitCode, EXIT.failed, 'some failed');
			assert.ok(failed.every(item => item.message.length > 0));
			assert.equal(result.outcome, 'partial');
		} finally {
			await client.close();
		}
	});
});
