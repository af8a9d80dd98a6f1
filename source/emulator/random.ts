/**
 * Small seeded pseudo-random helpers (mulberry32). Everything the emulator makes up (ids, names,
 * faults, jitter) comes from these, so a scenario and a fault sequence are reproducible from a seed.
 */

export type Random = () => number;

/** A deterministic generator of floats in [0, 1). */
export function createRandom(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A 32-bit hash of a string (FNV-1a), for ids derived from names. */
export function hashString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** Integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
	return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
	const item = items[Math.floor(random() * items.length)];
	if (item === undefined) throw new Error('pick from an empty list');
	return item;
}

/** `count` distinct items (or all of them when there are fewer). */
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
	if (count >= items.length) return [...items];
	const chosen = new Set<number>();
	while (chosen.size < count) chosen.add(Math.floor(random() * items.length));
	return [...chosen].map(index => items[index] as T);
}

function hex(random: Random, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
	return out;
}

/** A version-4 style UUID with braces, as Bitbucket writes them: "{8-4-4-4-12}". */
export function randomUuid(random: Random): string {
	const variant = (8 + Math.floor(random() * 4)).toString(16);
	return `{${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}}`;
}

/** An Atlassian account id: 24 hex digits, like "5c9078461b780c2c5d7bac4c". */
export function randomAccountId(random: Random): string {
	return hex(random, 24);
}

/** A UUID that depends only on a label (stable across runs and seeds). */
export function stableUuid(label: string): string {
	return randomUuid(createRandom(hashString(label)));
}

export function stableAccountId(label: string): string {
	return randomAccountId(createRandom(hashString(`account:${label}`)));
}
