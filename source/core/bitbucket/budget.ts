import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface RequestBudgetOptions {
	/** Where the ledger is persisted (cache dir, mode 0600); in memory only when absent. */
	file?: string;
	limitPerHour?: number;
	now?: () => number;
}

interface Ledger {
	version: 1;
	/** [minute start (ms since epoch), requests in that minute]. */
	minutes: Array<[number, number]>;
}

/**
 * Counts requests of one account in a rolling hour (Bitbucket allows about 1,000/h per user).
 * Kept per minute, persisted so that several runs within an hour share one count.
 */
export class RequestBudget {
	readonly limitPerHour: number;
	readonly #file?: string;
	readonly #now: () => number;
	readonly #minutes = new Map<number, number>();
	/** Recorded here since the last flush (merged into the file, so parallel runs add up). */
	readonly #pending = new Map<number, number>();
	#flushTimer: NodeJS.Timeout | undefined;

	constructor({file, limitPerHour = 1000, now = Date.now}: RequestBudgetOptions = {}) {
		this.limitPerHour = limitPerHour;
		this.#file = file;
		this.#now = now;
		if (file) this.#load(file);
	}

	record(count = 1): void {
		const minute = Math.floor(this.#now() / MINUTE_MS) * MINUTE_MS;
		this.#minutes.set(minute, (this.#minutes.get(minute) ?? 0) + count);
		this.#pending.set(minute, (this.#pending.get(minute) ?? 0) + count);
		this.#scheduleFlush();
	}

	/** Requests in the last hour. */
	used(): number {
		const since = this.#now() - HOUR_MS;
		let total = 0;
		for (const [minute, count] of this.#minutes) {
			if (minute + MINUTE_MS > since) total += count;
		}
		return total;
	}

	remaining(): number {
		return Math.max(0, this.limitPerHour - this.used());
	}

	/**
	 * Write the ledger now (also done automatically shortly after each record). What this process
	 * recorded is added to what the file holds, so an explorer and a `bbaccess sync` running at the
	 * same time count each other's requests. Never throws.
	 */
	flush(): void {
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		this.#flushTimer = undefined;
		if (!this.#file || this.#pending.size === 0) return;
		this.#minutes.clear();
		this.#load(this.#file);
		for (const [minute, count] of this.#pending) this.#minutes.set(minute, (this.#minutes.get(minute) ?? 0) + count);
		this.#pending.clear();
		this.#prune();
		const ledger: Ledger = {version: 1, minutes: [...this.#minutes]};
		try {
			mkdirSync(path.dirname(this.#file), {recursive: true, mode: 0o700});
			const temporary = `${this.#file}.${process.pid}.tmp`;
			writeFileSync(temporary, JSON.stringify(ledger), {mode: 0o600});
			renameSync(temporary, this.#file);
		} catch {
			// The ledger is advisory: an unwritable cache dir must not break a sync. Counting goes on in memory.
		}
	}

	#scheduleFlush(): void {
		if (!this.#file || this.#flushTimer) return;
		this.#flushTimer = setTimeout(() => this.flush(), 1000);
		this.#flushTimer.unref();
	}

	#prune(): void {
		const since = this.#now() - HOUR_MS;
		for (const minute of this.#minutes.keys()) {
			if (minute + MINUTE_MS <= since) this.#minutes.delete(minute);
		}
	}

	#load(file: string): void {
		let parsed: unknown;
		try {
			parsed = JSON.parse(readFileSync(file, 'utf8'));
		} catch {
			return; // No ledger yet, or an unreadable one: start counting afresh.
		}
		const minutes = (parsed as Partial<Ledger> | null)?.minutes;
		if (!Array.isArray(minutes)) return;
		for (const item of minutes) {
			if (Array.isArray(item) && Number.isFinite(item[0]) && Number.isFinite(item[1])) {
				this.#minutes.set(Number(item[0]), Number(item[1]));
			}
		}
		this.#prune();
	}
}

/** The ledger file of one account: `<cacheDir>/budget-<hash of apiUrl and email>.json`. */
export function budgetFile(cacheDir: string, apiUrl: string, email: string): string {
	return path.join(cacheDir, `budget-${accountHash(apiUrl, email)}.json`);
}

/** A short, stable, non-reversible name for an account (API URL + lower-cased email). */
export function accountHash(apiUrl: string, email: string): string {
	return createHash('sha256').update(`${apiUrl}\n${email.trim().toLowerCase()}`).digest('hex').slice(0, 16);
}
