import {BbError} from '../errors.js';

/** A FIFO semaphore: at most `limit` holders at a time. */
export class Limiter {
	readonly #limit: number;
	#active = 0;
	readonly #waiting: Array<() => void> = [];

	constructor(limit: number) {
		this.#limit = Math.max(1, Math.floor(limit));
	}

	get active(): number {
		return this.#active;
	}

	async acquire(signal?: AbortSignal): Promise<() => void> {
		if (this.#active < this.#limit) {
			this.#active++;
			return this.#releaser();
		}
		await new Promise<void>((resolve, reject) => {
			const grant = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			const onAbort = () => {
				const index = this.#waiting.indexOf(grant);
				if (index !== -1) this.#waiting.splice(index, 1);
				reject(cancelled());
			};
			if (signal?.aborted) {
				reject(cancelled());
				return;
			}
			signal?.addEventListener('abort', onAbort, {once: true});
			this.#waiting.push(grant);
		});
		// The slot was handed over by the releaser without decrementing #active.
		return this.#releaser();
	}

	#releaser(): () => void {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.#waiting.shift();
			if (next) next();
			else this.#active--;
		};
	}
}

export function cancelled(): BbError {
	return new BbError('cancelled', 'Cancelled.');
}

/** Sleep that ends early (rejecting with BbError 'cancelled') when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0) return signal?.aborted ? Promise.reject(cancelled()) : Promise.resolve();
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(cancelled());
			return;
		}
		const onAbort = () => {
			clearTimeout(timer);
			reject(cancelled());
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** Run `worker` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const lanes = Array.from({length: Math.min(Math.max(1, limit), items.length)}, async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await worker(items[index]!, index);
		}
	});
	await Promise.all(lanes);
	return results;
}

/** Like Promise.all for two tasks, but settles both before rejecting (no request is left running). */
export async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
	const [first, second] = await Promise.allSettled([a, b]);
	if (first.status === 'rejected') throw first.reason;
	if (second.status === 'rejected') throw second.reason;
	return [first.value, second.value];
}
