/**
 * The header's status slot, as parts (pure): sync state and age, a short problems marker, and the
 * request budget. Partial visibility never takes the slot: it is a marker here (`P` lists it in
 * full) and on the workspace it concerns. Renders whatever status fields the backend provides.
 */
import {etaText, progressBar} from '../../core/sync/progress-line.js';
import type {BackendStatus} from '../../core/backend.js';
import {formatAge} from '../../core/explorer-snapshot.js';
import {formatWait} from '../../core/budget/policy.js';
import {formatCount} from '../components/text-width.js';

export interface StatusPart {
	text: string;
	tone: 'ok' | 'info' | 'warn' | 'error';
	/** Lower is kept longer when the slot is narrow. */
	keep: number;
	/** A shorter form tried before the part is dropped or cut ("!2 (P)", "synced 12m ago", "543 left"). */
	short?: string;
}

/** "synced 12 min ago — refreshing" → "synced 12m ago — refreshing": the compact form a narrow header uses. */
export function compactStatusText(text: string): string {
	return text
		.replace(/(\d+) min ago/g, '$1m ago')
		.replace(/(\d+) h ago/g, '$1h ago')
		.replace(/(\d+) s ago/g, '$1s ago')
		.replace(/(\d+) days ago/g, '$1d ago');
}

function stateTone(state: BackendStatus['state']): StatusPart['tone'] {
	return state === 'connected' ? 'ok' : state === 'syncing' ? 'info' : state === 'partial' ? 'warn' : 'error';
}

export function headerStatusParts(status: BackendStatus, now: number, problemCount: number): StatusPart[] {
	const parts: StatusPart[] = [];
	const settled = status.state === 'connected' || (status.state === 'partial' && status.message.startsWith('Partial:'));
	const syncedAt = status.syncedAt ? Date.parse(status.syncedAt) : Number.NaN;
	const sync = settled ? (Number.isFinite(syncedAt) ? `synced ${formatAge(now - syncedAt)}` : 'Connected') : status.message;
	const compact = compactStatusText(sync);
	parts.push({text: sync, tone: settled ? 'ok' : stateTone(status.state), keep: 1, short: compact !== sync ? compact : undefined});
	if (problemCount > 0) parts.push({text: `! ${problemCount} ${problemCount === 1 ? 'problem' : 'problems'} (P)`, short: `!${problemCount} (P)`, tone: 'warn', keep: 2});
	if (status.requestsUsed > 0 || status.budgetLeft !== undefined) {
		const left = status.budgetLeft !== undefined ? ` (${formatCount(status.budgetLeft)} left)` : '';
		parts.push({
			text: `${formatCount(status.requestsUsed)} req${left}`,
			// Compact: what is left (the budget), else what was used.
			short: status.budgetLeft !== undefined ? `${formatCount(status.budgetLeft)} left` : undefined,
			tone: status.budgetLeft !== undefined && status.budgetLeft < 100 ? 'warn' : 'info',
			keep: 0,
		});
	}
	return parts;
}

/**
 * The budget's line under the tabs, when there is something to say: work waiting for the budget
 * (it starts by itself; Esc stops it), or why the start did not refresh.
 */
export function budgetNotice(status: BackendStatus, now: number): {tone: 'info' | 'warn'; text: string; busy?: boolean} | undefined {
	if (status.pacedLoad) {
		const paced = status.pacedLoad;
		const failed = paced.failed > 0 ? ` · ${formatCount(paced.failed)} failed` : '';
		// The essentials first (a narrow line cuts the end): done/total and the ETA, then the window.
		const next = paced.nextFreeAt > now ? `next free ${formatWait(paced.nextFreeAt - now)}` : 'requests free now';
		return {
			tone: 'info',
			busy: true,
			text: `loading grants ${progressBar(paced.done, paced.total, 10)} ${formatCount(paced.done)}/${formatCount(paced.total)} · ${etaText(paced)}${failed} (Esc stops) · ${formatCount(paced.windowUsed)}/${formatCount(paced.limit)} req this window · ${next}`,
		};
	}
	if (status.waiting) {
		const {label, price, freeAt} = status.waiting;
		// The essentials first: a narrow line cuts the label, not the wait.
		return {tone: 'info', busy: true, text: `waiting for budget: ~${formatCount(price)} req, starts ${formatWait(freeAt - now)} (Esc stops): ${label}`};
	}
	return status.notice ? {tone: 'warn', text: status.notice} : undefined;
}
