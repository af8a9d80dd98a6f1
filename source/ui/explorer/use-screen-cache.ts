/**
 * The screens of the last few views, kept while their inputs (graph revision, grant loading
 * state, …) are unchanged: going back to a 20,000-row list (Esc after opening a repository, `-`)
 * does not build its rows again.
 */
import {useRef} from 'react';
import type {ScreenModel} from './screens/index.js';

const KEPT = 8;

interface Entry {
	inputs: readonly unknown[];
	screen: ScreenModel | undefined;
}

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
	return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/** The screen for view `key`, built by `build` unless a screen for the same key and inputs is kept. */
export function useScreenCache(key: string, inputs: readonly unknown[], build: () => ScreenModel | undefined): ScreenModel | undefined {
	const cache = useRef(new Map<string, Entry>());
	const entries = cache.current;
	const kept = entries.get(key);
	if (kept && same(kept.inputs, inputs)) return kept.screen;
	const screen = build();
	entries.delete(key);
	entries.set(key, {inputs, screen});
	for (const oldest of entries.keys()) {
		if (entries.size <= KEPT) break;
		entries.delete(oldest);
	}
	return screen;
}
