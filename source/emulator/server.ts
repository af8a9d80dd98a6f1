/**
 * The HTTP side of the emulator (plain node:http): latency, injected faults, removed endpoints,
 * Basic auth, per-user rolling rate limit, scopes, routing, truncated bodies, and the
 * unauthenticated inspection routes under /_emulator.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {ApiError} from './api-error.js';
import {createRandom, type Random} from './random.js';
import {Router, splitPath} from './router.js';
import {grantRoutes} from './routes-grants.js';
import {groupRoutesV1} from './routes-groups-v1.js';
import {projectRoutes} from './routes-projects.js';
import {workspaceRoutes} from './routes-workspaces.js';
import type {Scenario} from './scenario.js';
import {exportState} from './state-export.js';
import {EmulatorState, type CredentialRecord} from './state.js';
import {emptyStats, recordFault, recordRequest, snapshotStats, type EmulatorStats} from './stats.js';

export interface BehaviourOptions {
	seed: number;
	latencyMs: number;
	jitterMs: number;
	faultRate: number;
	malformedRate: number;
	/** Requests per rolling window per user; 0 = unlimited. */
	rateLimit: number;
	rateLimitWindowMs: number;
	retryAfter: boolean;
	/** Faulted PUT/DELETE/POST requests are applied first, then their answer is lost. */
	writeFaultsAfterApply: boolean;
}

/** Endpoints removed by CHANGE-2770 (410 Gone). */
const REMOVED = new Set(['/2.0/workspaces', '/2.0/user/permissions/workspaces', '/2.0/user/permissions/repositories', '/2.0/repositories']);
const CHANGE_2770 = {announcement_url: 'https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770'};
const MAX_BODY_BYTES = 1 << 20;
const FAULTS = ['500', '502', '503', 'reset'] as const;
const WRITE_METHODS = new Set(['PUT', 'DELETE', 'POST']);
const FAULT_MESSAGES: Record<string, string> = {'500': 'Internal Server Error', '502': 'Bad Gateway', '503': 'Service Unavailable'};

const router = new Router([...workspaceRoutes, ...projectRoutes, ...grantRoutes, ...groupRoutesV1]);

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => (size > MAX_BODY_BYTES ? reject(new ApiError(413, 'Request body too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
		req.on('error', reject);
	});
}

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

export class EmulatorCore {
	state: EmulatorState;
	stats: EmulatorStats = emptyStats();
	private windows = new Map<string, number[]>();
	private faultRandom!: Random;
	private malformedRandom!: Random;
	private jitterRandom!: Random;

	constructor(
		private readonly scenario: Scenario,
		private readonly options: BehaviourOptions,
	) {
		this.state = new EmulatorState(scenario);
		this.seedRandoms();
	}

	private seedRandoms(): void {
		this.faultRandom = createRandom(this.options.seed ^ 0xfa17);
		this.malformedRandom = createRandom(this.options.seed ^ 0xbad);
		this.jitterRandom = createRandom(this.options.seed ^ 0x7177);
	}

	/** Back to the scenario's state; stats, rate-limit windows and fault sequences start over. */
	reset(): void {
		this.state = new EmulatorState(this.scenario);
		this.stats = emptyStats();
		this.windows.clear();
		this.seedRandoms();
	}

	statsSnapshot(): EmulatorStats {
		return snapshotStats(this.stats);
	}

	async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const base = `http://${req.headers.host ?? 'localhost'}`;
		if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
			this.inspect(req, res, url.pathname);
			return;
		}
		const method = (req.method ?? 'GET').toUpperCase();
		const segments = splitPath(url.pathname);
		const normalPath = segments ? `/${segments.join('/')}` : url.pathname;
		let template = segments ? router.templateOf(segments) : undefined;
		if (!template && REMOVED.has(normalPath)) template = normalPath;
		let bodyText = '';
		let bodyError: ApiError | undefined;
		try {
			bodyText = await readBody(req);
		} catch (error) {
			// Too large (413 below, after auth) or aborted (nobody is left to answer).
			bodyError = error instanceof ApiError ? error : new ApiError(400, 'The request body could not be read');
		}
		const delay = this.options.latencyMs + (this.options.jitterMs > 0 ? this.jitterRandom() * this.options.jitterMs : 0);
		if (delay > 0) await sleep(delay);

		const fault = this.faultRandom() < this.options.faultRate ? FAULTS[Math.floor(this.faultRandom() * FAULTS.length)]! : undefined;
		// A write may be applied before its answer is lost (option writeFaultsAfterApply), as when a
		// connection drops after Bitbucket did the work; otherwise a faulted request changes nothing.
		const faultAfter = fault !== undefined && this.options.writeFaultsAfterApply && WRITE_METHODS.has(method);
		if (fault !== undefined && !faultAfter) {
			this.sendFault(req, res, method, template, fault);
			return;
		}

		let email: string | undefined;
		let status = 500;
		let body: unknown;
		let headers: Record<string, string> = {};
		try {
			if (REMOVED.has(normalPath) && method === 'GET') {
				throw new ApiError(410, 'CHANGE-2770 - Functionality has been deprecated', 'Please read the changelog entry for more details.', {}, CHANGE_2770);
			}
			const credential = this.authenticate(req);
			email = credential.user.email;
			this.rateLimit(credential);
			const match = segments ? router.match(method, segments) : undefined;
			if (!match) throw new ApiError(404, 'Resource not found', `No API resource at ${method} ${url.pathname}`);
			const missing = match.route.scopes.filter(scope => !credential.scopes.has(scope));
			if (missing.length > 0) {
				throw new ApiError(403, 'Your credentials lack one or more required privilege scopes.', {
					granted: [...credential.scopes].sort(),
					required: match.route.scopes,
				});
			}
			if (bodyError) throw bodyError;
			let parsed: unknown;
			if (bodyText.trim() !== '') {
				try {
					parsed = JSON.parse(bodyText);
				} catch {
					throw new ApiError(400, 'Invalid JSON in the request body');
				}
			}
			const reply = match.route.handle({state: this.state, caller: credential.user, scopes: credential.scopes, params: match.params, query: url.searchParams, url, base, body: parsed});
			status = reply.status;
			body = reply.body;
		} catch (error) {
			if (error instanceof ApiError) {
				status = error.status;
				body = error.body();
				headers = error.headers;
			} else {
				status = 500;
				body = new ApiError(500, 'Internal emulator error', error instanceof Error ? error.message : String(error)).body();
			}
		}
		if (fault !== undefined) {
			this.sendFault(req, res, method, template, fault);
			return;
		}
		recordRequest(this.stats, method, template, String(status), email);
		if (status === 200 && this.malformedRandom() < this.options.malformedRate) {
			this.stats.malformed++;
			const text = JSON.stringify(body);
			this.sendRaw(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), headers);
			return;
		}
		this.send(res, status, body, headers);
	}

	private sendFault(req: IncomingMessage, res: ServerResponse, method: string, template: string | undefined, fault: (typeof FAULTS)[number]): void {
		recordFault(this.stats, fault);
		recordRequest(this.stats, method, template, fault);
		if (fault === 'reset') {
			req.socket.destroy();
			return;
		}
		this.send(res, Number(fault), new ApiError(Number(fault), FAULT_MESSAGES[fault]!).body());
	}

	private authenticate(req: IncomingMessage): CredentialRecord {
		const header = req.headers.authorization;
		const unauthorized = (message: string) =>
			new ApiError(401, message, undefined, {'WWW-Authenticate': 'Basic realm="Bitbucket.org HTTP"'});
		if (!header) throw unauthorized('Authentication required: send HTTP Basic with your Atlassian account email and an API token.');
		const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
		if (!basic) throw unauthorized('Token is invalid, expired, or not supported for this endpoint.');
		const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const credential = colon > 0 ? this.state.credential(decoded.slice(0, colon), decoded.slice(colon + 1)) : undefined;
		if (!credential) throw unauthorized('Invalid credentials: use your Atlassian account email (not your Bitbucket username) and a valid API token.');
		return credential;
	}

	/** Rolling window per user: the request is refused (and not counted) when N were made in the last window. */
	private rateLimit(credential: CredentialRecord): void {
		const limit = this.options.rateLimit;
		if (!limit) return;
		const now = Date.now();
		const key = credential.user.uuid;
		const window = this.windows.get(key) ?? [];
		let expired = 0;
		while (expired < window.length && window[expired]! <= now - this.options.rateLimitWindowMs) expired++;
		if (expired > 0) window.splice(0, expired);
		this.windows.set(key, window);
		if (window.length >= limit) {
			const headers: Record<string, string> = {};
			if (this.options.retryAfter) headers['Retry-After'] = String(Math.max(1, Math.ceil((window[0]! + this.options.rateLimitWindowMs - now) / 1000)));
			throw new ApiError(429, 'Rate limit for this resource has been exceeded', undefined, headers);
		}
		window.push(now);
	}

	private inspect(req: IncomingMessage, res: ServerResponse, pathname: string): void {
		req.resume();
		const method = req.method ?? 'GET';
		if (method === 'GET' && pathname === '/_emulator/stats') return this.send(res, 200, this.stats);
		if (method === 'GET' && pathname === '/_emulator/state') return this.send(res, 200, exportState(this.state));
		if (method === 'POST' && pathname === '/_emulator/reset') {
			this.reset();
			return this.send(res, 204, undefined);
		}
		this.send(res, 404, new ApiError(404, 'Unknown emulator route', 'GET /_emulator/stats, GET /_emulator/state, POST /_emulator/reset').body());
	}

	private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
		this.sendRaw(res, status, body === undefined ? '' : JSON.stringify(body), headers);
	}

	private sendRaw(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
		if (res.destroyed) return;
		const payload = Buffer.from(text, 'utf8');
		const head: Record<string, string | number> = {...headers, 'Content-Length': payload.length};
		if (status !== 204) head['Content-Type'] = 'application/json; charset=utf-8';
		res.writeHead(status, head);
		res.end(status === 204 ? undefined : payload);
	}
}
