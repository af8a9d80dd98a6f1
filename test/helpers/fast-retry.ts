import type {RetryPolicy} from '../../source/core/bitbucket/client.js';

/** A retry policy for tests: no real waiting; every requested delay is recorded. */
export function fastRetry(): Partial<RetryPolicy> & {delays: number[]} {
	const delays: number[] = [];
	return {
		delays,
		random: () => 0.5,
		sleep: async (ms: number) => {
			delays.push(ms);
		},
	};
}
