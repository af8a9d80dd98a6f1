// Issue 12: the prices of the explorer's scoped refreshes, and the budget wait on its own.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {projectRefreshPrice, tier1Price, tier1PriceFor, workspaceTier1Price, workspaceTier1PriceFor} from '../source/core/budget/price.js';
import {BudgetWaiter} from '../source/core/explorer/budget-wait.js';
import {scopeKind, scopeLabel, scopePrice} from '../source/core/explorer/refresh-scope.js';
import {AccessGraph} from '../source/core/graph/index.js';
import {demoBuilder, demoSnapshot} from './helpers/snapshot-builder.js';

test('scoped prices: pages of 100, and the graph-count prices agree with the snapshot prices', () => {
	assert.equal(projectRefreshPrice(0), 3, 'two permission listings and one (empty) page of repositories');
	assert.equal(projectRefreshPrice(100), 3);
	assert.equal(projectRefreshPrice(250), 5, 'three pages of repositories');
	const snapshot = demoSnapshot();
	const graph = AccessGraph.fromSnapshot(snapshot);
	for (const workspace of snapshot.workspaces) {
		const counts = {
			members: graph.members(workspace.slug).length,
			projects: graph.projects(workspace.slug).length,
			repositories: graph.repositories(workspace.slug).length,
			administrator: workspace.administrator,
		};
		assert.equal(workspaceTier1PriceFor(counts), workspaceTier1Price(snapshot, workspace.slug), workspace.slug);
		assert.equal(scopePrice(graph, {workspace: workspace.slug}), tier1Price(snapshot, [workspace.slug]));
	}
	assert.equal(scopePrice(graph, undefined), tier1Price(snapshot));
	assert.equal(tier1PriceFor(0, []), 2, 'who am I and the workspace list');
	assert.equal(scopePrice(graph, {repository: 'acme/api-gateway'}), 2);
	assert.equal(scopePrice(graph, {groups: 'acme'}), 1);
	assert.equal(scopePrice(undefined, {groups: 'acme'}), undefined, 'no graph, no price');
});

test('a session workspace filter limits what "everything" costs', () => {
	const snapshot = demoBuilder().workspace('other').repository('other/x').build();
	const graph = AccessGraph.fromSnapshot(snapshot);
	assert.ok(scopePrice(graph, undefined, ['acme'])! < scopePrice(graph, undefined)!);
	assert.equal(scopePrice(graph, undefined, ['acme']), tier1Price(snapshot, ['acme']));
});

test('scope kinds and labels', () => {
	assert.equal(scopeKind(undefined), 'all');
	assert.equal(scopeKind({workspace: 'acme'}), 'workspaces');
	assert.equal(scopeKind({repository: 'acme/x'}), 'repository');
	assert.equal(scopeLabel({project: {workspace: 'acme', key: 'PLAT'}}), 'project acme:PLAT');
	assert.equal(scopeLabel({workspaces: ['a', 'b']}), '2 workspaces');
	assert.equal(scopeLabel(undefined), 'all workspaces');
});

test('the budget wait runs the work once the ledger has room, and not after cancel', async () => {
	let left = 0;
	let changes = 0;
	const start = Date.now();
	const budget = {remaining: () => left, freeAt: () => start + 40, windowMs: 1000};
	const waiter = new BudgetWaiter(budget, () => changes++);
	let runs = 0;
	waiter.schedule({label: 'refresh acme', price: 5, run: () => runs++});
	assert.deepEqual(waiter.current(), {label: 'refresh acme', price: 5, freeAt: start + 40});
	await new Promise(resolve => setTimeout(resolve, 80));
	assert.equal(runs, 0, 'still no room: it keeps waiting');
	left = 5;
	await new Promise(resolve => setTimeout(resolve, 80));
	assert.equal(runs, 1, 'ran when the room was there');
	assert.equal(waiter.current(), undefined);
	assert.ok(changes >= 2, 'the status heard about it');

	left = 0;
	waiter.schedule({label: 'load 3 repositories', price: 6, run: () => runs++});
	assert.equal(waiter.cancel(), true);
	assert.equal(waiter.cancel(), false, 'nothing waits any more');
	left = 10;
	await new Promise(resolve => setTimeout(resolve, 80));
	assert.equal(runs, 1, 'a cancelled wait never runs');
	waiter.schedule({label: 'now', price: 1, run: () => runs++});
	assert.equal(runs, 2, 'room already there: runs at once');
	waiter.dispose();
});
