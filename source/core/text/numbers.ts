/** 2002 → "2,002": the one number grouping of the CLI and the explorer. */
export function formatCount(value: number): string {
	return value.toLocaleString('en-US');
}
