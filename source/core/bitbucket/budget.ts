import {createHash} from 'node:crypto';
import {appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, unlinkSync} from 'node:fs';
import path from 'node:path';
import {formatWait, HOUR_MS, MAX_WINDOW_MS, windowName, type BudgetPolicy} from '../budget/policy.js';
import {BbError} from '../errors.js';
import {sleep as abortableSleep} from './concurrency.js';

/** Ledger files hold one hour of entries each: `<base>.<hour since epoch>.log`. */
const BUCKET_MS = HOUR_MS;
/** Files older than this are deleted (no window is longer than a day). */
const KEEP_MS = MAX_WINDOW_MS + 2 * HOUR_MS;

export interface RequestBudgetOptions {
	/**
	 * The ledger's base path (`<cacheDir>/budget-<account hash>`, from budgetFile); in memory only when
	 * absent. Every process of the account appends to the same files, so they share one count.
	 */
	file?: string;
	/** The policy; default `limitPerHour` (default 1,000) per hour. */
	policy?: BudgetPolicy;
	limitPerHour?: number;
	/** When the budget is spent, acquire() waits until enough frees up (else it throws BudgetExhaustedError). */
	wait?: boolean;
	now?: () => number;
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Entry {
	at: number;
	count: number;
}

/** Thrown by acquire() when the budget is spent and the budget does not wait. */
export class BudgetExhaustedError extends BbError {
	/** When the next request is free (ms since epoch). */
	readonly freeAt: number;

	constructor(message: string, freeAt: number, retryAfterMs: number) {
		super('rate-limited', message, {retryAfterMs, hint: 'Run again later, pace it with --wait, or change the budget (--budget N/1h, or "budget" in the config).'});
		this.freeAt = freeAt;
	}
}

export function isBudgetExhausted(error: unknown): error is BudgetExhaustedError {
	return error instanceof BudgetExhaustedError;
}

/**
 * The request budget of one account: at most `limit` requests in any rolling window (Bitbucket
 * allows about 1,000 per hour per user). The ledger is a set of append-only files of small lines
 * (`<ms> <id> <count>`, or `<ms> <id> -` to give a reservation back), one file per hour, written
 * with O_APPEND so that concurrent processes never lose each other's counts; each process reads
 * only what was appended since it last looked.
 *
 * A request is sent only after acquire() reserved it: the reservation is appended first and then
 * checked against everything appended before it, so two processes spending at once can never
 * together pass the limit (the later one gives its reservation back and waits or fails).
 */
export class RequestBudget {
	readonly limit: number;
	readonly windowMs: number;
	/** Added to the window: a request reserved here reaches Bitbucket a little later. */
	readonly marginMs: number;
	wait: boolean;
	/** `--offline`: no request is ever sent (acquire refuses every one). */
	offline = false;
	#file: string | undefined;
	readonly #now: () => number;
	readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	readonly #id = `${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
	#sequence = 0;
	/** Live entries in file order (a give-back deletes its entry). */
	readonly #entries = new Map<string, Entry>();
	readonly #offsets = new Map<number, {offset: number; rest: string}>();

	constructor({file, policy, limitPerHour = 1000, wait = false, now = Date.now, sleep = abortableSleep}: RequestBudgetOptions = {}) {
		this.limit = policy?.limit ?? limitPerHour;
		this.windowMs = policy?.windowMs ?? HOUR_MS;
		this.marginMs = Math.min(5000, Math.max(50, Math.round(this.windowMs / 100)));
		this.wait = wait;
		this.#file = file;
		this.#now = now;
		this.#sleep = sleep;
		if (file) this.#removeOldFiles(file);
	}

	/** The limit of the window (named for the hour Bitbucket counts by default). */
	get limitPerHour(): number {
		return this.limit;
	}

	/**
	 * Reserve `count` requests before sending them. When the budget is spent: waits until enough
	 * frees up (wait mode), else throws BudgetExhaustedError without reserving anything.
	 */
	async acquire(count = 1, signal?: AbortSignal): Promise<string> {
		if (this.offline) throw new BbError('cancelled', 'Not sent: offline (--offline); the explorer shows the saved snapshot only.');
		if (count > this.limit) throw this.exhaustedError(count);
		for (;;) {
			if (signal?.aborted) throw new BbError('cancelled', 'Cancelled.');
			const now = this.#now();
			if (this.used() + count <= this.limit) {
				const id = this.#append(now, String(count));
				this.#refresh(now);
				if (this.#position(id, now) <= this.limit) return id;
				this.#append(now, '-', id);
				this.#refresh(now);
			}
			if (!this.wait) throw this.exhaustedError(count);
			await this.#sleep(Math.max(5, this.freeAt(count) - this.#now()), signal);
		}
	}

	/**
	 * Re-stamp a reservation with the time its answer came: Bitbucket counted the request when it
	 * arrived, which is no later than that, so the ledger's window always covers the server's.
	 */
	settle(id: string | undefined): void {
		if (id === undefined || !this.#entries.has(id)) return;
		const now = this.#now();
		this.#append(now, '~', id);
		this.#refresh(now);
	}

	/** Count requests already sent (no check). */
	record(count = 1): void {
		this.#append(this.#now(), String(count));
	}

	/** Requests in the current window (every process of the account). */
	used(): number {
		const now = this.#now();
		this.#refresh(now);
		let total = 0;
		for (const entry of this.#entries.values()) if (this.#live(entry, now)) total += entry.count;
		return total;
	}

	remaining(): number {
		return Math.max(0, this.limit - this.used());
	}

	/** When `count` requests will be free (ms since epoch; now when they already are; Infinity when more than the limit). */
	freeAt(count = 1): number {
		const now = this.#now();
		if (count > this.limit) return Number.POSITIVE_INFINITY;
		const live = [...this.#entries.values()].filter(entry => this.#live(entry, now)).sort((a, b) => a.at - b.at);
		let used = live.reduce((sum, entry) => sum + entry.count, 0);
		if (used + count <= this.limit) return now;
		for (const entry of live) {
			used -= entry.count;
			if (used + count <= this.limit) return entry.at + this.windowMs + this.marginMs;
		}
		return now + this.windowMs + this.marginMs;
	}

	/** Kept for callers of the earlier ledger: entries are written at once. */
	flush(): void {}

	#live(entry: Entry, now: number): boolean {
		return entry.at + this.windowMs + this.marginMs > now;
	}

	#position(id: string, now: number): number {
		let total = 0;
		for (const [key, entry] of this.#entries) {
			if (this.#live(entry, now)) total += entry.count;
			if (key === id) return total;
		}
		return Number.POSITIVE_INFINITY; // Not found (cannot happen): treat as over.
	}

	/** The error acquire() throws when `count` requests do not fit (with when they will). */
	exhaustedError(count = 1): BudgetExhaustedError {
		const now = this.#now();
		const freeAt = this.freeAt(count);
		const what = count === 1 ? 'the next request' : `${count} requests`;
		return new BudgetExhaustedError(
			`Request budget spent: ${this.used()} of ${this.limit} requests used ${windowName(this.windowMs)}; ${what} ${count === 1 ? 'is' : 'are'} free ${formatWait(freeAt - now)}.`,
			freeAt,
			Math.max(0, freeAt - now),
		);
	}

	#append(at: number, count: string, id = `${this.#id}.${++this.#sequence}`): string {
		const file = this.#file;
		if (file) {
			try {
				mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
				appendFileSync(bucketFile(file, at), `${at} ${id} ${count}\n`, {mode: 0o600});
				return id;
			} catch {
				// The ledger is advisory across processes: an unwritable cache dir must not stop requests. Count in memory.
				this.#file = undefined;
			}
		}
		this.#apply(at, id, count);
		return id;
	}

	#apply(at: number, id: string, count: string): void {
		if (count === '-') this.#entries.delete(id);
		else if (count === '~') {
			const entry = this.#entries.get(id);
			if (entry && Number.isFinite(at)) entry.at = Math.max(entry.at, at);
		} else {
			const n = Number(count);
			if (Number.isFinite(at) && Number.isInteger(n) && n > 0) this.#entries.set(id, {at, count: n});
		}
	}

	/** Read what every process appended since the last look, and forget entries out of the window. */
	#refresh(now: number): void {
		const oldest = now - this.windowMs - this.marginMs;
		for (const [id, entry] of this.#entries) {
			if (entry.at > oldest) break;
			this.#entries.delete(id);
		}
		const file = this.#file;
		if (!file) return;
		const first = Math.floor(oldest / BUCKET_MS);
		const last = Math.floor(now / BUCKET_MS);
		for (const bucket of this.#offsets.keys()) if (bucket < first) this.#offsets.delete(bucket);
		for (let bucket = first; bucket <= last; bucket++) this.#readBucket(file, bucket);
	}

	#readBucket(file: string, bucket: number): void {
		const state = this.#offsets.get(bucket) ?? {offset: 0, rest: ''};
		let fd: number;
		try {
			fd = openSync(`${file}.${bucket}.log`, 'r');
		} catch {
			return; // Nothing spent in that hour yet.
		}
		try {
			const size = fstatSync(fd).size;
			if (size <= state.offset) return;
			const buffer = Buffer.alloc(size - state.offset);
			const read = readSync(fd, buffer, 0, buffer.length, state.offset);
			state.offset += read;
			const text = state.rest + buffer.subarray(0, read).toString('utf8');
			const cut = text.lastIndexOf('\n');
			state.rest = text.slice(cut + 1);
			for (const line of text.slice(0, cut + 1).split('\n')) {
				const [at, id, count] = line.split(' ');
				if (at && id && count) this.#apply(Number(at), id, count);
			}
		} catch {
			// An unreadable ledger counts as empty; our own entries are still in it once readable.
		} finally {
			closeSync(fd);
			this.#offsets.set(bucket, state);
		}
	}

	#removeOldFiles(file: string): void {
		const prefix = `${path.basename(file)}.`;
		const oldest = Math.floor((this.#now() - KEEP_MS) / BUCKET_MS);
		try {
			for (const name of readdirSync(path.dirname(file))) {
				if (!name.startsWith(prefix) || !name.endsWith('.log')) continue;
				const bucket = Number(name.slice(prefix.length, -4));
				if (Number.isInteger(bucket) && bucket < oldest) unlinkSync(path.join(path.dirname(file), name));
			}
		} catch {
			// No cache dir yet, or another process removed the file first.
		}
	}
}

function bucketFile(file: string, at: number): string {
	return `${file}.${Math.floor(at / BUCKET_MS)}.log`;
}

/** The ledger of one account: `<cacheDir>/budget-<hash of apiUrl and email>` (plus `.<hour>.log` per hour). */
export function budgetFile(cacheDir: string, apiUrl: string, email: string): string {
	return path.join(cacheDir, `budget-${accountHash(apiUrl, email)}`);
}

/** A short, stable, non-reversible name for an account (API URL + lower-cased email). */
export function accountHash(apiUrl: string, email: string): string {
	return createHash('sha256').update(`${apiUrl}\n${email.trim().toLowerCase()}`).digest('hex').slice(0, 16);
}
