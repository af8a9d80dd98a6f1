/**
 * The oldest Node.js bbaccess runs on, checked before anything that could fail to load on an
 * older runtime (undici 8 and Ink 7 need 22.19). Kept free of imports and of new syntax so that
 * any Node can evaluate it and print one clear line instead of a stack trace.
 */
export const MINIMUM_NODE = '22.19.0';

function parts(version: string): number[] {
	return version.replace(/^v/, '').split('.').map(part => Number.parseInt(part, 10) || 0);
}

/** The one-line refusal for `version`, or undefined when it is new enough. */
export function runtimeProblem(version: string): string | undefined {
	const have = parts(version);
	const need = parts(MINIMUM_NODE);
	for (let index = 0; index < need.length; index += 1) {
		const a = have[index] ?? 0;
		const b = need[index] ?? 0;
		if (a > b) return undefined;
		if (a < b) return `bbaccess needs Node.js 22.19 or newer (this is v${version.replace(/^v/, '')})`;
	}
	return undefined;
}
