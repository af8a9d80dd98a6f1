/**
 * "Wait and run when it frees up": one piece of work held until the shared request ledger has room
 * for its price, then started by itself. The ledger is shared with other bbaccess processes, so the
 * room is checked again when the wait ends (another process may have spent it meanwhile).
 */

/** The part of the request budget a wait needs. */
export interface WaitBudget {
	remaining(): number;
	/** When `count` requests will be free (epoch ms). */
	freeAt?(count: number): number;
	readonly windowMs?: number;
}

export interface WaitJob {
	/** What waits, for the status line: "refresh acme", "load 40 repositories". */
	label: string;
	price: number;
	run: () => void;
}

export interface WaitingView {
	label: string;
	price: number;
	/** When the price frees up, as far as the ledger knows now (epoch ms). */
	freeAt: number;
}

export class BudgetWaiter {
	#job: WaitJob | undefined;
	#freeAt = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly budget: WaitBudget,
		private readonly onChange: () => void,
		private readonly now: () => number = Date.now,
	) {}

	current(): WaitingView | undefined {
		return this.#job ? {label: this.#job.label, price: this.#job.price, freeAt: this.#freeAt} : undefined;
	}

	/** Hold `job` until its price is free (replaces a job already waiting). Runs at once when it already is. */
	schedule(job: WaitJob): void {
		this.#clearTimer();
		this.#job = job;
		this.#check();
	}

	/** Drop the waiting job; false when nothing was waiting. */
	cancel(): boolean {
		if (!this.#job) return false;
		this.#clearTimer();
		this.#job = undefined;
		this.onChange();
		return true;
	}

	#check(): void {
		const job = this.#job;
		if (!job) return;
		if (this.budget.remaining() >= job.price) {
			this.#job = undefined;
			this.onChange();
			job.run();
			return;
		}
		const fallback = this.now() + Math.max(1000, Math.round((this.budget.windowMs ?? 3_600_000) / 60));
		this.#freeAt = this.budget.freeAt?.(job.price) ?? fallback;
		// A price larger than the whole budget never frees up: keep asking once a minute-of-window.
		const at = Number.isFinite(this.#freeAt) ? this.#freeAt : fallback;
		this.#timer = setTimeout(() => this.#check(), Math.max(20, at - this.now() + 5));
		this.#timer.unref?.();
		this.onChange();
	}

	#clearTimer(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	dispose(): void {
		this.#clearTimer();
		this.#job = undefined;
	}
}
