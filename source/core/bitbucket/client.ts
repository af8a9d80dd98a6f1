import {setMaxListeners} from 'node:events';
import type {Dispatcher} from 'undici';
import {BbError} from '../errors.js';
import {normalizeApiUrl} from './api-url.js';
import type {RequestBudget} from './budget.js';
import {cancelled, Limiter, sleep} from './concurrency.js';
import {errorFromStatus, isRetryableNetworkError, networkError, parseRetryAfter, RETRYABLE_STATUS} from './http-errors.js';
import {createDispatcher, sendOnce, type RawResponse} from './http-transport.js';
import {RateLimitWaiter, type RateLimitReport} from './rate-limit-wait.js';
import {loggablePath, type RequestLog} from './request-log.js';
import {formatCount} from '../text/numbers.js';

export type Query = Record<string, string | number | undefined>;

/** Backoff tuning; tests inject a fast sleep and a fixed random. */
export interface RetryPolicy {
	/** First backoff ceiling (full jitter: a random delay from 0 to base·2^(attempt-1), capped). */
	baseMs: number;
	capMs: number;
	/** A Retry-After longer than this is not waited out: the request fails as rate-limited. */
	maxRetryAfterMs: number;
	/**
	 * After a request finally fails with 429, further requests fail at once (without being sent)
	 * for this long, or for the Retry-After when Bitbucket sent one: a rate limit must not burn more budget.
	 */
	rateLimitPauseMs: number;
	random: () => number;
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ClientOptions {
	apiUrl: string;
	email: string;
	token: string;
	/** Bounded in-flight requests over one keep-alive dispatcher (default 8). */
	concurrency?: number;
	/** Attempts per request, including the first (default 5). */
	maxAttempts?: number;
	requestLog?: RequestLog;
	budget?: RequestBudget;
	signal?: AbortSignal;
	retry?: Partial<RetryPolicy>;
	userAgent?: string;
	/**
	 * Wait out 429s however long they last (`--wait`): Retry-After when sent, else one probe per
	 * this many ms. Without it a 429 is retried a few times and then fails as rate-limited.
	 */
	waitOutRateLimitsProbeMs?: number;
}

export interface CallOptions {
	signal?: AbortSignal;
}

interface Page {
	values?: unknown;
	next?: unknown;
	size?: unknown;
	pagelen?: unknown;
}

interface PageResult<T> {
	values: T[];
	next?: string;
	size?: number;
	pagelen?: number;
}

const DEFAULT_RETRY: RetryPolicy = {baseMs: 250, capMs: 30_000, maxRetryAfterMs: 120_000, rateLimitPauseMs: 60_000, random: Math.random, sleep};

/** Bitbucket Cloud REST client: Basic auth (account email + API token), retries, pagination, one error model. */
export class BitbucketClient {
	readonly apiUrl: string;
	readonly email: string;
	readonly concurrency: number;
	readonly #authorization: string;
	readonly #origin: string;
	readonly #dispatcher: Dispatcher;
	readonly #limiter: Limiter;
	readonly #maxAttempts: number;
	readonly #retry: RetryPolicy;
	readonly #log?: RequestLog;
	readonly #budget?: RequestBudget;
	readonly #signal?: AbortSignal;
	readonly #userAgent: string;
	readonly #waiter?: RateLimitWaiter;
	#sent = 0;
	/** While rate-limited, no request starts before this time (shared by all callers). */
	#notBefore = 0;
	/** After a final 429, requests fail without being sent until this time. */
	#rateLimitedUntil = 0;
	/** 429s in a row over all requests (reset by any other answer). */
	#consecutive429 = 0;

	constructor(options: ClientOptions) {
		this.apiUrl = normalizeApiUrl(options.apiUrl);
		this.#origin = new URL(this.apiUrl).origin;
		this.email = options.email.trim();
		if (!this.email) throw new BbError('config', 'No account email: API tokens authenticate with your Atlassian account email.');
		if (!options.token) throw new BbError('config', 'No API token given.', {hint: 'Run `bbaccess login`.'});
		this.#authorization = `Basic ${Buffer.from(`${this.email}:${options.token}`, 'utf8').toString('base64')}`;
		this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
		this.#dispatcher = createDispatcher(this.concurrency);
		this.#limiter = new Limiter(this.concurrency);
		this.#maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 5));
		this.#retry = {...DEFAULT_RETRY, ...options.retry};
		this.#log = options.requestLog;
		this.#budget = options.budget;
		this.#signal = options.signal;
		this.#userAgent = options.userAgent ?? 'bbaccess';
		if (options.waitOutRateLimitsProbeMs !== undefined) this.#waiter = new RateLimitWaiter(options.waitOutRateLimitsProbeMs, this.#retry.sleep);
	}

	/** HTTP attempts sent by this client (retries included). */
	get requestsSent(): number {
		return this.#sent;
	}

	get budget(): RequestBudget | undefined {
		return this.#budget;
	}

	/** Waiting out 429s (`--wait`), with the count of 429s seen; undefined when 429s fail. */
	get rateLimitWaiter(): RateLimitWaiter | undefined {
		return this.#waiter;
	}

	get requestLog(): RequestLog | undefined {
		return this.#log;
	}

	async get<T>(path: string, query?: Query, options?: CallOptions): Promise<T> {
		return this.#send('GET', this.#url(path, query), undefined, options?.signal, response => this.#json<T>(response, 'GET', path));
	}

	/** Like get, but a 404 resolves to undefined. */
	async getOptional<T>(path: string, query?: Query, options?: CallOptions): Promise<T | undefined> {
		try {
			return await this.get<T>(path, query, options);
		} catch (error) {
			if (error instanceof BbError && error.kind === 'not-found') return undefined;
			throw error;
		}
	}

	/**
	 * Every value of a 2.0 collection: pagelen=100, `next` followed verbatim (same origin only).
	 * When page 1 states `size` and a numbered next page, the remaining pages are fetched concurrently.
	 */
	async getAll<T>(path: string, query?: Query, options?: CallOptions): Promise<T[]> {
		const signal = options?.signal;
		const first = await this.#page<T>(this.#url(path, {pagelen: 100, ...query}), path, signal);
		const values: T[] = [...first.values];
		let next = first.next;
		if (next !== undefined && typeof first.size === 'number' && typeof first.pagelen === 'number' && first.pagelen > 0 && /[?&]page=2(&|$)/.test(next)) {
			const lastPage = Math.ceil(first.size / first.pagelen);
			if (lastPage >= 2) {
				const template = next;
				const urls = Array.from({length: lastPage - 1}, (_, index) => template.replace(/([?&])page=2(?=&|$)/, `$1page=${index + 2}`));
				const settled = await Promise.allSettled(urls.map(url => this.#page<T>(url, path, signal)));
				const rejected = settled.find(result => result.status === 'rejected');
				if (rejected) throw rejected.reason;
				const pages = settled.map(result => (result as PromiseFulfilledResult<PageResult<T>>).value);
				for (const page of pages) {
					for (const value of page.values) values.push(value);
				}
				next = pages.at(-1)?.next;
			}
		}
		const seen = new Set<string>();
		while (next !== undefined) {
			if (seen.has(next)) throw new BbError('malformed', `GET ${path} returned a 'next' link that repeats an earlier page`, {endpoint: `GET ${path}`});
			seen.add(next);
			const page = await this.#page<T>(next, path, signal);
			for (const value of page.values) values.push(value);
			next = page.next;
		}
		return values;
	}

	async put<T>(path: string, body: unknown, options?: CallOptions): Promise<T> {
		return this.#send('PUT', this.#url(path), JSON.stringify(body ?? {}), options?.signal, response => this.#json<T>(response, 'PUT', path));
	}

	async delete(path: string, options?: CallOptions): Promise<void> {
		await this.#send('DELETE', this.#url(path), undefined, options?.signal, () => undefined);
	}

	async close(): Promise<void> {
		await this.#dispatcher.close();
	}

	#url(path: string, query?: Query): string {
		if (!path.startsWith('/')) throw new BbError('usage', `API paths start with '/': ${path}`);
		const search = new URLSearchParams();
		for (const [key, value] of Object.entries(query ?? {})) {
			if (value !== undefined) search.set(key, String(value));
		}
		const text = search.toString();
		return `${this.apiUrl}${path}${text ? `?${text}` : ''}`;
	}

	async #page<T>(url: string, path: string, signal?: AbortSignal): Promise<PageResult<T>> {
		const page = await this.#send('GET', url, undefined, signal, response => this.#json<Page>(response, 'GET', path));
		if (!page || typeof page !== 'object' || !Array.isArray(page.values)) {
			throw new BbError('malformed', `GET ${path} returned a page without a 'values' list`, {endpoint: `GET ${path}`});
		}
		let next: string | undefined;
		if (page.next !== undefined && page.next !== null) next = this.#checkNext(page.next, path);
		return {
			values: page.values as T[],
			next,
			size: typeof page.size === 'number' ? page.size : undefined,
			pagelen: typeof page.pagelen === 'number' ? page.pagelen : undefined,
		};
	}

	#checkNext(next: unknown, path: string): string {
		const endpoint = `GET ${path}`;
		if (typeof next !== 'string' || next === '') throw new BbError('malformed', `${endpoint} returned a 'next' link that is not a URL`, {endpoint});
		let url: URL;
		try {
			url = new URL(next, `${this.apiUrl}/`);
		} catch {
			throw new BbError('malformed', `${endpoint} returned a 'next' link that is not a URL`, {endpoint});
		}
		if (url.origin !== this.#origin) {
			throw new BbError('malformed', `${endpoint} returned a 'next' link to another host (${url.host}); refusing to send credentials there`, {endpoint});
		}
		return url.href;
	}

	#json<T>(response: RawResponse, method: string, path: string): T {
		if (response.body.trim() === '') {
			// Every GET bbaccess sends answers JSON: an empty 200 is a body cut off at its first byte (retried).
			if (method === 'GET' && response.status !== 204) {
				throw new BbError('malformed', `Bitbucket sent an empty response for GET ${path} (cut off)`, {endpoint: `GET ${path}`, status: response.status});
			}
			return undefined as T;
		}
		try {
			return JSON.parse(response.body) as T;
		} catch (error) {
			const reason = error instanceof Error ? error.message : 'invalid JSON';
			throw new BbError('malformed', `Bitbucket sent a response that is not valid JSON for ${method} ${path} (${response.bytes} bytes, cut off or garbled; ${reason})`, {
				endpoint: `${method} ${path}`,
				status: response.status,
			});
		}
	}

	/**
	 * One request with retries; `read` turns a 2xx answer into the result. On GET a body that `read`
	 * cannot parse (cut off, not JSON) is transient like a reset connection: retried with the same
	 * budget accounting and attempt limit. A PUT's answer is never re-sent for that reason.
	 */
	async #send<R>(method: 'GET' | 'PUT' | 'DELETE', url: string, body: string | undefined, callSignal: AbortSignal | undefined, read: (response: RawResponse) => R): Promise<R> {
		const signal = combineSignals(this.#signal, callSignal);
		const parsed = new URL(url);
		const endpoint = `${method} ${parsed.pathname}`;
		const logged = loggablePath(`${parsed.pathname}${parsed.search}`);
		const headers: Record<string, string> = {
			authorization: this.#authorization,
			accept: 'application/json',
			'user-agent': this.#userAgent,
		};
		if (body !== undefined) headers['content-type'] = 'application/json';
		for (let attempt = 1; ; attempt++) {
			if (signal?.aborted) throw cancelled();
			this.#checkRateLimitPause(endpoint);
			const wait = this.#notBefore - Date.now();
			if (wait > 0) await this.#retry.sleep(wait, signal);
			const report: RateLimitReport | undefined = await this.#waiter?.before(signal);
			let release: (() => void) | undefined;
			let reservation: string | undefined;
			try {
				release = await this.#limiter.acquire(signal);
				this.#checkRateLimitPause(endpoint);
				// Reserved in the shared ledger before it is sent: waits (or fails) when the budget is spent.
				reservation = await this.#budget?.acquire(1, signal);
			} catch (error) {
				release?.();
				report?.(undefined, undefined);
				throw error;
			}
			const started = performance.now();
			let response: RawResponse | undefined;
			let failure: unknown;
			try {
				response = await sendOnce(this.#dispatcher, {url, method, headers, body, signal});
			} catch (error) {
				failure = error;
			} finally {
				release();
				this.#budget?.settle(reservation);
			}
			const retryAfter = response ? parseRetryAfter(response.headers['retry-after']) : undefined;
			report?.(response?.status, retryAfter);
			this.#sent++;
			this.#log?.add({
				at: Date.now(),
				method,
				path: logged,
				status: response?.status ?? 'error',
				ms: Math.round(performance.now() - started),
				bytes: response?.bytes ?? 0,
				attempt,
			});
			if (signal?.aborted) throw cancelled();
			if (failure !== undefined) {
				if (attempt < this.#maxAttempts && isRetryableNetworkError(failure)) {
					await this.#retry.sleep(this.#backoff(attempt), signal);
					continue;
				}
				throw networkError(failure, parsed.host, endpoint);
			}
			const status = response!.status;
			if (status === 429 && this.#waiter) {
				attempt = 0; // Waited out however long it lasts: the waiter paces the probes.
				continue;
			}
			this.#consecutive429 = status === 429 ? this.#consecutive429 + 1 : 0;
			// Many requests waiting out one limit would each try maxAttempts times: stop the whole client instead.
			const limitPersists = this.#consecutive429 >= this.#maxAttempts * this.concurrency;
			// Redirects are not followed: credentials stay with the API host.
			if (status < 300) {
				try {
					return read(response!);
				} catch (error) {
					if (method === 'GET' && attempt < this.#maxAttempts && error instanceof BbError && error.kind === 'malformed') {
						await this.#retry.sleep(this.#backoff(attempt), signal);
						continue;
					}
					throw error;
				}
			}
			const retryAfterMs = retryAfter;
			if (RETRYABLE_STATUS.has(status) && attempt < this.#maxAttempts && !limitPersists && (retryAfterMs === undefined || retryAfterMs <= this.#retry.maxRetryAfterMs)) {
				const delay = retryAfterMs ?? this.#backoff(attempt);
				if (status === 429) this.#notBefore = Math.max(this.#notBefore, Date.now() + delay);
				await this.#retry.sleep(delay, signal);
				continue;
			}
			const budget = this.#budget ? {used: this.#budget.used(), limit: this.#budget.limitPerHour} : undefined;
			if (status === 429) this.#rateLimitedUntil = Math.max(this.#rateLimitedUntil, Date.now() + (retryAfterMs ?? this.#retry.rateLimitPauseMs));
			throw errorFromStatus(status, response!.body, endpoint, budget, retryAfterMs);
		}
	}

	#checkRateLimitPause(endpoint: string): void {
		const left = this.#rateLimitedUntil - Date.now();
		if (left <= 0) return;
		const budget = this.#budget ? `; this account used ${formatCount(this.#budget.used())} of about ${formatCount(this.#budget.limitPerHour)} requests in the last hour` : '';
		throw new BbError('rate-limited', `Not sent: ${endpoint}. Bitbucket's rate limit was reached (429)${budget}; no more requests for ${Math.ceil(left / 1000)} s (run again later, or wait it out with --wait).`, {
			endpoint,
			retryAfterMs: left,
			hint: 'Wait a few minutes and retry; sync only the workspaces you need with --workspace.',
		});
	}

	#backoff(attempt: number): number {
		const ceiling = Math.min(this.#retry.capMs, this.#retry.baseMs * 2 ** (attempt - 1));
		return Math.floor(this.#retry.random() * ceiling);
	}
}

const widened = new WeakSet<AbortSignal>();

/** One signal for the client and the call. Many requests wait on it at once (each removes its listener). */
function combineSignals(a?: AbortSignal, b?: AbortSignal): AbortSignal | undefined {
	const signal = !a ? b : !b ? a : AbortSignal.any([a, b]);
	if (signal && !widened.has(signal)) {
		setMaxListeners(0, signal);
		widened.add(signal);
	}
	return signal;
}

/**
 * Build an API path from a template, encoding every interpolated segment, so that a slug such as
 * `../x` or `a/b` can never change the path. UUIDs keep their braces (`%7B…%7D`).
 */
export function apiPath(strings: TemplateStringsArray, ...segments: string[]): string {
	let result = strings[0] ?? '';
	segments.forEach((segment, index) => {
		result += encodePathSegment(segment) + (strings[index + 1] ?? '');
	});
	return result;
}

export function encodePathSegment(segment: string): string {
	if (typeof segment !== 'string' || segment === '' || segment === '.' || segment === '..') {
		throw new BbError('usage', `'${String(segment)}' is not a valid name or id in an API path`);
	}
	return encodeURIComponent(segment);
}
