import type {BitbucketClient} from '../bitbucket/client.js';
import {mapConcurrent} from '../bitbucket/concurrency.js';
import type {BbError} from '../errors.js';
import type {RepositoryNode} from '../model.js';
import {ProbeGate} from './probe-gate.js';
import {causeOf, ProblemTally, reasonOf} from './problems.js';
import {fetchRepositoryGrants, type RepositoryGrantsResult} from './repository-grants.js';
import type {SnapshotBuilder} from './snapshot-builder.js';

interface WorkspaceTally {
	total: number;
	hidden: number;
	skipped: number;
	cause: string;
	kind: string;
	gate: ProbeGate;
	next: number;
}

/**
 * Tier 2 for every repository not loaded yet (`--deep`): two listings per repository, within the
 * client's concurrency. Not-visible repositories become 'unavailable' (one problem per workspace);
 * in workspaces the account does not administer, the rest is skipped once the first ones are all
 * refused; after a missing scope nothing more is requested.
 */
export async function loadAllRepositoryGrants(
	client: BitbucketClient,
	builder: SnapshotBuilder,
	pending: RepositoryNode[],
	options: {signal?: AbortSignal; onDone: (repository: RepositoryNode, done: number) => void},
): Promise<void> {
	const tallies = new Map<string, WorkspaceTally>();
	for (const repository of pending) {
		const tally = tallies.get(repository.workspace);
		if (tally) tally.total++;
		else tallies.set(repository.workspace, {total: 1, hidden: 0, skipped: 0, cause: '', kind: 'not-admin', gate: undefined as never, next: 0});
	}
	for (const [slug, tally] of tallies) {
		const administrator = builder.workspaces.find(workspace => workspace.slug === slug)?.administrator ?? false;
		tally.gate = new ProbeGate(!administrator, client.concurrency, tally.total);
	}
	let scopeFailure: BbError | undefined;
	const failures = new ProblemTally('repositories');
	let done = 0;
	await mapConcurrent(pending, client.concurrency, async repository => {
		const tally = tallies.get(repository.workspace)!;
		const index = tally.next++;
		let result: RepositoryGrantsResult;
		if (scopeFailure) {
			tally.gate.report(index, true);
			result = {grants: [], users: [], state: {state: 'unavailable', reason: reasonOf(scopeFailure)}, failure: scopeFailure};
		} else if (!(await tally.gate.shouldFetch(index))) {
			tally.skipped++;
			result = {grants: [], users: [], state: {state: 'unavailable', reason: `not requested: the first ${tally.gate.probes} repositories of ${repository.workspace} were refused (needs admin rights)`}};
		} else {
			result = await fetchRepositoryGrants(client, repository, options.signal);
			tally.gate.report(index, result.failure !== undefined);
			if (result.failure?.kind === 'missing-scope') scopeFailure ??= result.failure;
		}
		for (const user of result.users) builder.addUser(user);
		if (result.error) {
			failures.add(repository.workspace, result.error, `GET /2.0/repositories/${repository.workspace}/*/permissions-config`);
		} else {
			builder.repositoryGrants.push(...result.grants);
			builder.repositoryGrantStatus[repository.fullName] = result.state;
			if (result.state.state === 'unavailable') {
				tally.hidden++;
				if (result.failure && !tally.cause) {
					tally.cause = causeOf(result.failure);
					tally.kind = result.failure.kind;
				}
			}
		}
		options.onDone(repository, ++done);
	});
	builder.problems.push(...failures.problems());
	for (const [slug, tally] of tallies) {
		if (tally.hidden === 0) continue;
		const saved = tally.skipped > 0 ? `; ${tally.skipped} not requested after the first ${tally.hidden - tally.skipped} were refused, to save the request budget` : '';
		const text = `explicit grants of ${tally.hidden} of ${tally.total} repositories not visible: ${tally.cause || 'needs admin rights (403)'}${saved}`;
		builder.workspaces.find(workspace => workspace.slug === slug)?.partial.push(text);
		builder.problems.push({workspace: slug, what: `GET /2.0/repositories/${slug}/*/permissions-config`, message: text, kind: tally.kind});
	}
}
