import {getCurrentUser, listUserWorkspaces} from '../bitbucket/api.js';
import type {BitbucketClient} from '../bitbucket/client.js';
import {bothSettled} from '../bitbucket/concurrency.js';
import {BbError} from '../errors.js';
import type {AccessSnapshot, AccountInfo} from '../model.js';
import {loadAllRepositoryGrants} from './deep-sync.js';
import {estimateFor} from './repository-grants.js';
import {SnapshotBuilder} from './snapshot-builder.js';
import type {SyncOptions, SyncProgress, SyncSummary} from './types.js';
import {syncWorkspace} from './workspace-sync.js';

/**
 * Read the access of every visible workspace (tier 1), and with `deep` every repository's explicit
 * grants (tier 2), into an AccessSnapshot. Requests run in parallel within the client's
 * concurrency. Partial visibility and failing listings are recorded, never fatal; a bad token,
 * an unknown workspace or cancellation end the sync with a BbError.
 */
export async function syncAccess(client: BitbucketClient, options: SyncOptions = {}): Promise<{snapshot: AccessSnapshot; summary: SyncSummary}> {
	const started = performance.now();
	const firstRequest = client.requestsSent;
	const budget = options.budget ?? client.budget;
	const {signal} = options;
	const emit = (progress: Omit<SyncProgress, 'requestsUsed' | 'budgetLeft'>) => {
		if (!options.onProgress) return;
		const event: SyncProgress = {...progress, requestsUsed: client.requestsSent - firstRequest};
		if (budget) event.budgetLeft = budget.remaining();
		options.onProgress(event);
	};

	emit({phase: 'account', done: 0, total: 2});
	const [user, accesses] = await bothSettled(getCurrentUser(client, {signal}), listUserWorkspaces(client, {signal}));
	if (!user.uuid) throw new BbError('malformed', 'GET /2.0/user returned no account uuid', {endpoint: 'GET /2.0/user'});
	const account: AccountInfo = {uuid: user.uuid, displayName: user.display_name || user.nickname || client.email, email: client.email};
	if (user.nickname) account.nickname = user.nickname;
	if (user.account_id) account.accountId = user.account_id;
	emit({phase: 'account', done: 2, total: 2});

	const visible = accesses.filter(access => access.workspace?.slug);
	const wanted = [...new Set((options.workspaces ?? []).map(slug => slug.trim()).filter(Boolean))];
	const unknown = wanted.filter(slug => !visible.some(access => access.workspace!.slug!.toLowerCase() === slug.toLowerCase()));
	if (unknown.length > 0) {
		const names = visible.map(access => access.workspace!.slug!).sort();
		throw new BbError(
			'usage',
			`unknown workspace${unknown.length > 1 ? 's' : ''} ${unknown.map(slug => `'${slug}'`).join(', ')}: this account can see ${names.length > 0 ? names.join(', ') : 'no workspaces'}`,
		);
	}
	const selected = wanted.length === 0 ? visible : visible.filter(access => wanted.some(slug => slug.toLowerCase() === access.workspace!.slug!.toLowerCase()));
	emit({phase: 'workspaces', done: 0, total: selected.length});

	const builder = new SnapshotBuilder();
	let workspacesDone = 0;
	await Promise.all(
		selected.map(async access => {
			await syncWorkspace(access, {
				client,
				builder,
				signal,
				progress: (phase, workspace, done, total, message) => emit({phase, workspace, done, total, message}),
			});
			emit({phase: 'workspaces', done: ++workspacesDone, total: selected.length});
		}),
	);
	const syncedAt = new Date().toISOString();

	let deepEstimate: SyncSummary['deepEstimate'];
	if (options.deep) {
		const tier1Requests = Math.max(1, client.requestsSent - firstRequest);
		// Observed time per request at this concurrency, as the basis of the estimate.
		const latencyMs = ((performance.now() - started) * client.concurrency) / tier1Requests;
		const pending = builder.repositories.filter(repository => builder.repositoryGrantStatus[repository.fullName]?.state !== 'loaded');
		deepEstimate = estimateFor(pending.length, client.concurrency, latencyMs);
		const remaining = budget?.remaining();
		const left = budget
			? `; ${remaining} of ${budget.limitPerHour} requests left this hour${deepEstimate.requests > remaining! ? ' (more than is left: Bitbucket may rate-limit; retries wait it out)' : ''}`
			: '';
		emit({
			phase: 'repository-grants',
			done: 0,
			total: pending.length,
			message: `Loading grants of ${pending.length} repositories: about ${deepEstimate.requests} requests, ~${deepEstimate.seconds} s${left}`,
		});
		await loadAllRepositoryGrants(client, builder, pending, {
			signal,
			onDone: (repository, done) => emit({phase: 'repository-grants', workspace: repository.workspace, done, total: pending.length}),
		});
	}

	const snapshot = builder.build(client.apiUrl, account, syncedAt);
	const summary: SyncSummary = {
		workspaces: snapshot.workspaces.length,
		members: snapshot.memberships.length,
		people: new Set(snapshot.memberships.map(edge => edge.user)).size,
		groups: snapshot.groups.length,
		projects: snapshot.projects.length,
		repositories: snapshot.repositories.length,
		repositoriesWithGrantsLoaded: Object.values(snapshot.repositoryGrantStatus).filter(state => state.state === 'loaded').length,
		problems: snapshot.problems,
		requests: client.requestsSent - firstRequest,
		wallMs: Math.round(performance.now() - started),
		partial: snapshot.problems.length > 0 || snapshot.workspaces.some(workspace => workspace.partial.length > 0),
	};
	if (budget) {
		summary.budgetLeft = budget.remaining();
		summary.budgetPerHour = budget.limitPerHour;
	}
	if (deepEstimate) summary.deepEstimate = deepEstimate;
	if (snapshot.ownRepositoryPermissions) summary.ownPermissions = snapshot.ownRepositoryPermissions.map(own => ({workspace: own.workspace, repositories: Object.keys(own.levels).length}));
	emit({phase: 'done', done: summary.workspaces, total: summary.workspaces});
	return {snapshot, summary};
}
