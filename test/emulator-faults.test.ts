/** Emulator rate limit, injected faults, truncated bodies and latency, over loopback HTTP. */
import assert from 'node:assert/strict';
import http from 'node:http';
import {describe, it} from 'node:test';
import type {RunningEmulator} from '../source/emulator/index.js';
import {ADMIN_AUTH, api, READER_AUTH, startTestEmulator} from './helpers/emulator.js';

/** One request with node:http (a fresh connection), reporting a reset as 'reset'. */
function rawGet(emu: RunningEmulator, path: string): Promise<{status: number | 'reset'; text: string}> {
	return new Promise(resolve => {
		const {port} = new URL(emu.url);
		const request = http.get({host: '127.0.0.1', port, path, agent: false, headers: {authorization: ADMIN_AUTH}}, response => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', chunk => (text += chunk));
			response.on('end', () => resolve({status: response.statusCode!, text}));
			response.on('error', () => resolve({status: 'reset', text}));
		});
		request.on('error', () => resolve({status: 'reset', text: ''}));
	});
}

async function sequence(emu: RunningEmulator, count: number): Promise<Array<number | 'reset'>> {
	const statuses: Array<number | 'reset'> = [];
	for (let i = 0; i < count; i++) statuses.push((await rawGet(emu, '/2.0/user')).status);
	return statuses;
}

describe('emulator rate limit', () => {
	it('answers 429 with the Bitbucket message after N requests per user, without Retry-After by default', async t => {
		const emu = await startTestEmulator(t, {rateLimit: 3});
		for (let i = 0; i < 3; i++) assert.equal((await api(emu, '/2.0/user')).status, 200);
		const limited = await api(emu, '/2.0/user');
		assert.equal(limited.status, 429);
		assert.deepEqual(limited.json, {type: 'error', error: {message: 'Rate limit for this resource has been exceeded'}});
		assert.equal(limited.headers.get('retry-after'), null);
		assert.equal((await api(emu, '/2.0/user', {auth: READER_AUTH})).status, 200, 'the budget is per user');
		assert.equal(emu.stats().served429, 1);
		assert.equal((await api(emu, '/_emulator/stats', {auth: null})).status, 200, 'inspection is never limited');
	});

	it('sends Retry-After when asked, and lets a client that waits finish (configurable window)', async t => {
		const emu = await startTestEmulator(t, {rateLimit: 2, rateLimitWindowMs: 300, retryAfter: true});
		let served = 0;
		let limited = 0;
		while (served < 6) {
			const response = await api(emu, '/2.0/user');
			if (response.status === 200) {
				served++;
				continue;
			}
			assert.equal(response.status, 429);
			assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
			limited++;
			// Back off until the rolling window has room again (a condition, polled).
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		assert.equal(served, 6);
		assert.ok(limited > 0, 'the limit was hit on the way');
	});
});

describe('emulator faults', () => {
	it('answers 500/502/503 or resets the connection at faultRate 1, never on /_emulator', async t => {
		const emu = await startTestEmulator(t, {faultRate: 1, seed: 7});
		const seen = new Set(await sequence(emu, 40));
		assert.ok(!seen.has(200));
		for (const status of [500, 502, 503, 'reset'] as const) assert.ok(seen.has(status), `saw ${status}`);
		assert.equal((await api(emu, '/_emulator/stats', {auth: null})).status, 200);
		const stats = emu.stats();
		assert.equal(Object.values(stats.faults).reduce((a, b) => a + b, 0), 40);
		assert.notEqual((await rawGet(emu, '/1.0/groups/acme')).status, 200, 'the 1.0 API is faulted too');
	});

	it('is reproducible from the seed', async t => {
		const a = await startTestEmulator(t, {faultRate: 0.5, seed: 42});
		const b = await startTestEmulator(t, {faultRate: 0.5, seed: 42});
		const c = await startTestEmulator(t, {faultRate: 0.5, seed: 43});
		const first = await sequence(a, 30);
		assert.deepEqual(await sequence(b, 30), first);
		assert.notDeepEqual(await sequence(c, 30), first);
		assert.ok(first.includes(200) && first.some(s => s !== 200), 'a mix at rate 0.5');
		a.reset();
		assert.deepEqual(await sequence(a, 30), first, 'reset restarts the fault sequence');
	});

	it('applies a faulted write first only with writeFaultsAfterApply', async t => {
		const path = '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/qa';
		const level = async (emu: RunningEmulator) => {
			const state = (await api(emu, '/_emulator/state', {auth: null})).json as {workspaces: Array<{slug: string; projects: Array<{key: string; groups: Array<{slug: string; level: string}>}>}>};
			return state.workspaces[0]!.projects.find(p => p.key === 'PLAT')!.groups.find(g => g.slug === 'qa')?.level;
		};
		const before = await startTestEmulator(t, {faultRate: 1});
		const refused = await api(before, path, {method: 'PUT', body: {permission: 'read'}}).catch(() => ({status: 'reset'}));
		assert.notEqual(refused.status, 200);
		assert.equal(await level(before), undefined, 'by default a faulted write changes nothing');
		const after = await startTestEmulator(t, {faultRate: 1, writeFaultsAfterApply: true});
		const lost = await api(after, path, {method: 'PUT', body: {permission: 'read'}}).catch(() => ({status: 'reset'}));
		assert.notEqual(lost.status, 200);
		assert.equal(await level(after), 'read', 'the write was applied before its answer was lost');
		assert.notEqual((await rawGet(after, '/2.0/user')).status, 200, 'reads still fault before anything happens');
	});

	it('sends truncated JSON as a 200 at malformedRate 1, only on API routes', async t => {
		const emu = await startTestEmulator(t, {malformedRate: 1});
		const response = await api(emu, '/2.0/workspaces/acme');
		assert.equal(response.status, 200);
		assert.ok(response.text.length > 0);
		assert.throws(() => JSON.parse(response.text));
		assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(response.text)));
		assert.equal(emu.stats().malformed, 1);
		const stats = await api(emu, '/_emulator/stats', {auth: null});
		assert.doesNotThrow(() => JSON.parse(stats.text));
		assert.equal((await api(emu, '/2.0/workspaces/nope')).status, 404, 'errors are not truncated');
		const groups = await api(emu, '/1.0/groups/acme');
		assert.equal(groups.status, 200);
		assert.throws(() => JSON.parse(groups.text), 'the 1.0 API gets truncated bodies too');
	});

	it('delays API responses by latencyMs', async t => {
		const emu = await startTestEmulator(t, {latencyMs: 120});
		const started = performance.now();
		assert.equal((await api(emu, '/2.0/user')).status, 200);
		assert.ok(performance.now() - started >= 110, 'at least the configured latency');
	});

	it('refuses impossible options', async () => {
		const {startEmulator} = await import('../source/emulator/index.js');
		await assert.rejects(startEmulator({faultRate: 2}), /faultRate must be a probability/);
		await assert.rejects(startEmulator({latencyMs: -1}), /latencyMs must be/);
	});
});
