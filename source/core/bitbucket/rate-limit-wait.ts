import {cancelled, sleep as abortableSleep} from './concurrency.js';

/** Called with the answer of a request that went through the waiter (undefined when none came). */
export type RateLimitReport = (status: number | undefined, retryAfterMs: number | undefined) => void;

/**
 * Waiting out a rate limit (429) instead of failing (`--wait`): after a 429 no request is sent
 * until the Retry-After has passed, or, without one (API tokens never get one), until the probe
 * interval has passed; then exactly one request probes, and the others wait for its answer. So a
 * limit another tool caused costs one request per interval, not one per waiting request.
 * After a 429 requests stay one at a time until the server has answered RECOVERY in a row and a
 * whole window (sixty probe intervals: an hour for a one-minute probe) has passed without a 429:
 * once the server's limit is the tighter one, concurrency buys nothing, and every request in
 * flight when the limit strikes again would be refused.
 */
const RECOVERY = 8;

export class RateLimitWaiter {
	readonly probeMs: number;
	readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	#until = 0;
	#limited = false;
	#probe: Promise<void> | undefined;
	/** Answers in a row since the last 429: requests go one at a time until there are RECOVERY of them. */
	#successes = 0;
	#lastLimitedAt = 0;
	/** How long after the last 429 requests stay one at a time. */
	readonly quietMs: number;
	/** 429s answered so far (the probes included). */
	limitedAnswers = 0;

	readonly #now: () => number;

	constructor(probeMs: number, sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep, {quietMs = Math.max(1, probeMs) * 60, now = Date.now}: {quietMs?: number; now?: () => number} = {}) {
		this.probeMs = Math.max(1, probeMs);
		this.#sleep = sleep;
		this.quietMs = quietMs;
		this.#now = now;
	}

	/** When requests may be sent again (ms since epoch), while limited. */
	get limitedUntil(): number | undefined {
		return this.#limited ? this.#until : undefined;
	}

	/** Wait until this request may be sent; the returned report must be called with its answer. */
	async before(signal?: AbortSignal): Promise<RateLimitReport> {
		for (;;) {
			if (signal?.aborted) throw cancelled();
			const wait = this.#until - this.#now();
			if (wait > 0) {
				await this.#sleep(wait, signal);
				continue;
			}
			if (!this.#limited) return (status, retryAfterMs) => this.#answer(status, retryAfterMs, undefined);
			if (this.#probe) {
				await untilSettled(this.#probe, signal);
				continue;
			}
			let done!: () => void;
			this.#probe = new Promise(resolve => {
				done = resolve;
			});
			return (status, retryAfterMs) => this.#answer(status, retryAfterMs, done);
		}
	}

	#answer(status: number | undefined, retryAfterMs: number | undefined, probeDone: (() => void) | undefined): void {
		if (status === 429) {
			this.limitedAnswers++;
			this.#limited = true;
			this.#successes = 0;
			this.#lastLimitedAt = this.#now();
			this.#until = Math.max(this.#until, this.#now() + (retryAfterMs ?? this.probeMs));
		} else if (status !== undefined && probeDone) {
			// A sliding window frees one request at a time: stay one-at-a-time for a while, so the
			// first free slot is not met by every waiting request at once.
			if (++this.#successes >= RECOVERY && this.#now() - this.#lastLimitedAt >= this.quietMs) this.#limited = false;
		}
		if (probeDone) {
			this.#probe = undefined;
			probeDone();
		}
	}
}

function untilSettled(promise: Promise<void>, signal?: AbortSignal): Promise<void> {
	if (!signal) return promise;
	return new Promise((resolve, reject) => {
		const onAbort = () => reject(cancelled());
		signal.addEventListener('abort', onAbort, {once: true});
		void promise.then(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		});
	});
}
