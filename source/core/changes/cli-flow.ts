/**
 * The shared flow of the change commands (grant, revoke, group, offboard): open a session, get the
 * graph (the snapshot cache when fresh, else a tier-1 sync of only the named workspaces), plan,
 * print the plan, confirm (TTY; typed where required; --yes for scripts; refuse otherwise), apply,
 * print the verified result, and map the outcome to an exit code.
 */
import {createInterface} from 'node:readline/promises';
import {BbError, EXIT, isBbError} from '../errors.js';
import {AccessGraph} from '../graph/index.js';
import {scopeProblem} from '../explorer-snapshot.js';
import type {AccessSnapshot} from '../model.js';
import {createSession, type Session} from '../session.js';
import {loadRepositoryGrants, loadSnapshot, saveSnapshot, syncAccess} from '../sync/index.js';
import {confirmationLine, formatPlan, formatResult} from './format.js';
import {Journal} from './journal.js';
import {ChangeService} from './service.js';
import type {ChangePlan, ChangeResult} from './types.js';
import {safeJson, sanitizeOutput, writeText} from '../text/sanitize.js';

/** Cached access data younger than this is used without a sync (every change pre-reads its entry anyway). */
export const CACHE_MAX_AGE_MS = 15 * 60_000;

export interface CommonFlags {
	yes: boolean;
	dryRun: boolean;
	json: boolean;
	apiUrl?: string;
	readOnly: boolean;
	noCache: boolean;
}

export const COMMON_OPTIONS = {
	yes: {type: 'boolean', short: 'y'},
	'dry-run': {type: 'boolean'},
	json: {type: 'boolean'},
	'api-url': {type: 'string'},
	'read-only': {type: 'boolean'},
	'no-cache': {type: 'boolean'},
} as const;

export function commonFlags(values: {yes?: boolean; 'dry-run'?: boolean; json?: boolean; 'api-url'?: string; 'read-only'?: boolean; 'no-cache'?: boolean}): CommonFlags {
	return {
		yes: values.yes === true,
		dryRun: values['dry-run'] === true,
		json: values.json === true,
		apiUrl: values['api-url'],
		readOnly: values['read-only'] === true,
		noCache: values['no-cache'] === true,
	};
}

export interface IO {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	isTTY: boolean;
	env: NodeJS.ProcessEnv;
}

export function processIO(): IO {
	return {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY), env: process.env};
}

export interface ChangeContext {
	session: Session;
	graph: AccessGraph;
	service: ChangeService;
	/** True when the graph came from the snapshot cache (then verified changes are written back to it). */
	fromCache: boolean;
}

/** Session + graph + service for the named workspaces (empty = every workspace). */
export async function openChangeContext(flags: CommonFlags, workspaces: string[], io: IO): Promise<ChangeContext> {
	const session = await createSession({apiUrl: flags.apiUrl, workspaces, env: io.env, readOnly: flags.readOnly});
	try {
		const {apiUrl, email} = session.credentials;
		let graph: AccessGraph | undefined;
		let snapshot: AccessSnapshot | undefined;
		let fromCache = false;
		if (!flags.noCache) {
			const cached = await loadSnapshot(apiUrl, email, session.paths);
			const covers = cached && workspaces.every(ws => cached.snapshot.workspaces.some(node => node.slug === ws));
			if (cached && covers && cached.ageMs <= CACHE_MAX_AGE_MS) {
				snapshot = cached.snapshot;
				graph = AccessGraph.fromSnapshot(snapshot);
				fromCache = true;
				io.stderr.write(`Using access data cached ${Math.round(cached.ageMs / 60_000)} min ago (--no-cache to re-sync); each change re-reads its entry first.\n`);
			}
		}
		if (!graph) {
			const before = session.client.requestsSent;
			const scope = workspaces.length > 0 ? workspaces.join(', ') : 'every workspace';
			io.stderr.write(`Syncing ${scope} (tier 1: members, groups, projects and their permissions)…\n`);
			({snapshot} = await syncAccess(session.client, {workspaces: workspaces.length > 0 ? workspaces : undefined}));
			graph = AccessGraph.fromSnapshot(snapshot);
			io.stderr.write(`Synced with ${session.client.requestsSent - before} requests.\n`);
		}
		const readyGraph = graph;
		const service = new ChangeService({
			client: session.client,
			graph: () => readyGraph,
			journal: new Journal(session.paths.journalFile),
			account: {email, apiUrl},
			// A token that could not even read the admin listings cannot change them either: read-only, saying why.
			readOnlyReason: session.readOnly ? (session.readOnlyReason ?? 'read-only') : snapshot ? scopeProblem(snapshot) : undefined,
			ensureRepositoryGrants: fullName => loadRepositoryGrants(session.client, readyGraph, [fullName]),
		});
		return {session, graph, service, fromCache};
	} catch (error) {
		await session.close();
		throw error;
	}
}

export function exitCodeOf(result: ChangeResult): number {
	switch (result.outcome) {
		case 'applied-verified':
		case 'no-op':
		case 'dry-run':
			return EXIT.ok;
		case 'blocked':
			return EXIT.refused;
		default:
			return EXIT.failed;
	}
}

async function ask(io: IO, question: string): Promise<string> {
	const rl = createInterface({input: io.stdin, output: io.stderr, terminal: io.isTTY && io.stdin.isTTY === true});
	try {
		return await rl.question(sanitizeOutput(question));
	} finally {
		rl.close();
	}
}

/** Ask for confirmation; undefined = declined. Returns what was typed for typed confirmations. */
export async function confirm(io: IO, plan: ChangePlan): Promise<string | undefined> {
	if (plan.typedConfirmation) {
		const answer = await ask(io, `${confirmationLine(plan)}, anything else cancels: `);
		return answer.trim() === plan.typedConfirmation ? answer.trim() : undefined;
	}
	const answer = await ask(io, 'Apply this change? [y/N] ');
	return /^y(es)?$/i.test(answer.trim()) ? '' : undefined;
}

function printJson(io: IO, value: unknown): void {
	io.stdout.write(`${safeJson(value, 2)}\n`);
}

/**
 * Run a planned change to the end and return the exit code. `makePlan` runs after the context is open.
 * Human output goes to stdout (plan, result) — or, with --json, one JSON document to stdout and the rest to stderr.
 */
export async function runChange(
	flags: CommonFlags,
	workspaces: string[],
	makePlan: (context: ChangeContext) => Promise<ChangePlan>,
	io: IO = processIO(),
): Promise<number> {
	const context = await openChangeContext(flags, workspaces, io);
	const human = flags.json ? io.stderr : io.stdout;
	try {
		const reason = context.service.readOnlyReason();
		if (reason) {
			const message = `changes are disabled (${reason})`;
			if (flags.json) printJson(io, {outcome: 'refused', message});
			else writeText(io.stderr, `bbaccess: ${message}\n`);
			return EXIT.refused;
		}
		const plan = await makePlan(context);
		writeText(human, `${formatPlan(plan, {yes: flags.yes === true}).join('\n')}\n`);
		let typed: string | undefined;
		if (plan.actionable && !plan.dryRun && !flags.yes) {
			if (!io.isTTY) {
				const message = 'refusing to change access without confirmation: not an interactive terminal. Re-run with --yes to confirm the plan above (or --dry-run to only preview it).';
				// Journaled like a constraint refusal: the journal shows what was asked for and why nothing was sent.
				await context.service.journalRefusal(plan, 'refused: no confirmation outside a terminal (--yes not given); nothing sent');
				if (flags.json) printJson(io, {plan, outcome: 'refused', message});
				else writeText(io.stderr, `bbaccess: ${message}\n`);
				return EXIT.refused;
			}
			typed = await confirm(io, plan);
			if (typed === undefined) {
				const message = 'cancelled: nothing was sent';
				if (flags.json) printJson(io, {plan, outcome: 'cancelled', message});
				else writeText(io.stderr, `${message}\n`);
				return EXIT.refused;
			}
		} else if (flags.yes) {
			typed = plan.typedConfirmation;
		}
		const result = await context.service.apply(plan, {typed});
		writeText(human, `${formatResult(plan, result).join('\n')}\n`);
		if (context.fromCache && result.items.some(item => item.outcome === 'applied-verified')) {
			// The cache now matches what Bitbucket showed on re-read.
			await saveSnapshot(context.graph.toSnapshot(), context.session.paths).catch(() => undefined);
		}
		if (flags.json) printJson(io, {plan, result, outcome: result.outcome});
		return exitCodeOf(result);
	} catch (error) {
		if (flags.json && isBbError(error)) {
			printJson(io, {outcome: 'error', kind: error.kind, message: error.message, ...(error.hint ? {hint: error.hint} : {})});
		}
		throw error;
	} finally {
		await context.session.close();
	}
}

export function requireFlag(value: string | undefined, name: string): string {
	if (value === undefined || value.trim() === '') throw new BbError('usage', `--${name} is required`);
	return value;
}
