import {formatDuration, formatWait} from '../budget/policy.js';
import type {DeepPassProgress} from './deep-pass.js';

const number = (value: number) => value.toLocaleString('en-US');

/** "1,234/3,000 repositories · 812/1,000 requests this window · next free now · ETA 2.3 h" (no bar). */
export function deepProgressText(progress: DeepPassProgress, now = Date.now()): string {
	const limit = Number.isFinite(progress.limit) ? `/${number(progress.limit)}` : '';
	const next = progress.nextFreeAt > now ? `next requests free ${formatWait(progress.nextFreeAt - now)}` : 'requests free now';
	const eta = etaText(progress);
	return `${number(progress.done)}/${number(progress.total)} repositories · ${number(progress.windowUsed)}${limit} requests this window · ${next} · ${eta}`;
}

/** A text progress bar of `width` cells: "[██████░░░░]". */
export function progressBar(done: number, total: number, width = 20): string {
	const filled = total <= 0 ? width : Math.min(width, Math.round((done / total) * width));
	return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/** "ETA 2.3 h", or "done". */
export function etaText(progress: Pick<DeepPassProgress, 'done' | 'total' | 'etaMs'>): string {
	return progress.done >= progress.total ? 'done' : `ETA ${formatDuration(progress.etaMs)}`;
}
