/**
 * Budget guard for workspaces the account does not administer. Reading explicit grants needs admin
 * rights on each project or repository; a plain member is usually refused every time, and trying
 * all 1,000 projects of a big workspace would spend two hours of request budget on 403s. So the
 * first `probes` items are tried; if every one of them is refused for lack of rights, the rest are
 * marked unavailable without being requested. Items the admin opens later are still tried (tier 2
 * on demand does not use the gate).
 */
export class ProbeGate {
	readonly probes: number;
	readonly #enabled: boolean;
	#reported = 0;
	#refused = 0;
	#settle!: () => void;
	readonly #settled: Promise<void>;

	constructor(enabled: boolean, probes: number, total: number) {
		this.#enabled = enabled;
		this.probes = Math.min(probes, total);
		this.#settled = new Promise(resolve => {
			this.#settle = resolve;
		});
		if (!enabled || this.probes === 0) this.#settle();
	}

	/** Whether item `index` (0-based, in request order) should be requested. */
	async shouldFetch(index: number): Promise<boolean> {
		if (!this.#enabled || index < this.probes) return true;
		await this.#settled;
		return this.#refused < this.probes;
	}

	/** Report the outcome of a probed item (index < probes). */
	report(index: number, refused: boolean): void {
		if (!this.#enabled || index >= this.probes) return;
		this.#reported++;
		if (refused) this.#refused++;
		if (this.#reported === this.probes) this.#settle();
	}

	/** True once the probes were all refused (the rest is skipped). */
	get skipping(): boolean {
		return this.#enabled && this.probes > 0 && this.#refused === this.probes;
	}
}
