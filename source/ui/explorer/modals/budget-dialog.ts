/**
 * Spending the request budget from a key: work that sends requests is priced first. When the
 * budget cannot pay, one dialog (for `r`, `R` and `L`) shows the price, what is left this window
 * and when enough frees up, and offers to wait (the work then starts by itself; Esc stops the wait)
 * or to cancel. Work that asks first (`R`, `L`) shows its price and the budget left before sending.
 */
import {createElement} from 'react';
import {formatDuration, formatWait, windowName} from '../../../core/budget/policy.js';
import type {KeyContext} from '../../keys/registry.js';
import {ChoiceModal, type Choice} from './choice-modal.js';

export interface PricedWork {
	/** Dialog title: "Refresh", "Refresh everything", "Load repository grants". */
	title: string;
	/** What is done, for the dialog and the waiting status: "acme/api's grants", "40 repositories". */
	what: string;
	/** Requests it sends (about). */
	price: number;
	run: () => void;
	/** Ask before sending even when the budget can pay: its "yes", and a note after the price. */
	confirm?: {yes: string; note?: string};
	/**
	 * Work that can be spread over budget windows (`L`): over budget, the dialog also offers to start
	 * now and go on as the budget frees up, however many windows it takes.
	 */
	paced?: {run: () => void; etaMs: number};
}

const count = (n: number) => n.toLocaleString('en-US');

/** "these 5s" or "this hour", from the status (a budget without a window is per hour). */
function windowOf(ctx: KeyContext): string {
	return windowName(ctx.status.budgetWindowMs ?? 3_600_000);
}

/** "12 of 1,000 left this hour" for the dialogs. */
export function budgetLeftText(ctx: KeyContext, left: number): string {
	const limit = ctx.status.budgetPerHour;
	return `${count(left)}${limit === undefined ? '' : ` of ${count(limit)}`} left ${windowOf(ctx)}`;
}

/** Run priced work: at once, after a confirmation, or through the over-budget dialog. */
export function runPriced(ctx: KeyContext, work: PricedWork): void {
	const left = ctx.backend.budgetRemaining();
	if (left !== undefined && work.price > left) {
		openOverBudget(ctx, work, left);
		return;
	}
	if (!work.confirm) {
		work.run();
		return;
	}
	const budget = left === undefined ? '' : ` (${budgetLeftText(ctx, left)})`;
	ctx.actions.openModal({
		id: 'priced-work',
		render: (close, size) =>
			createElement(ChoiceModal, {
				title: work.title,
				message: `${work.what}: about ${count(work.price)} requests${budget}.${work.confirm!.note ? ` ${work.confirm!.note}` : ''}`,
				choices: [
					{key: 'y', label: work.confirm!.yes},
					{key: 'n', label: 'Not now'},
				],
				width: size.columns,
				onCancel: close,
				onChoose: key => {
					close();
					if (key === 'y') work.run();
				},
			}),
	});
}

/** The over-budget dialog: price, left this window, when enough frees up; wait or cancel. */
export function openOverBudget(ctx: KeyContext, work: PricedWork, left: number): void {
	const freeAt = ctx.backend.budgetFreeAt(work.price);
	const limit = ctx.status.budgetPerHour;
	const never = (limit !== undefined && work.price > limit) || freeAt === undefined || !Number.isFinite(freeAt);
	const when = never
		? limit !== undefined && work.price > limit
			? 'It is more than the whole budget: it never fits in one window.'
			: 'When enough frees up is not known.'
		: `Enough frees up ${formatWait(freeAt - Date.now())}.`;
	const choices: Choice[] = [];
	if (work.paced) choices.push({key: 'p', label: `Pace it over windows: about ${formatDuration(work.paced.etaMs)} (Esc stops)`});
	if (!never) choices.push({key: 'w', label: 'Wait and run when it frees up (Esc stops waiting)'});
	choices.push({key: 'c', label: 'Cancel'});
	ctx.actions.openModal({
		id: 'over-budget',
		render: (close, size) =>
			createElement(ChoiceModal, {
				title: `${work.title}: over budget`,
				message: `${work.what}: about ${count(work.price)} requests; ${count(left)} left ${windowOf(ctx)}. ${when}${work.paced ? ' Paced, it starts now and goes on as the budget frees up (progress under the tabs; what loads is kept).' : ''}`,
				choices,
				width: size.columns,
				onCancel: close,
				onChoose: key => {
					close();
					if (key === 'p' && work.paced) {
						work.paced.run();
						ctx.actions.flash('info', `Pacing: ${work.what} load as the budget allows (progress under the tabs; Esc stops)`);
						return;
					}
					if (key !== 'w') return;
					ctx.backend.waitForBudget({label: `${work.title.toLowerCase()} ${work.what}`, price: work.price, run: work.run});
					ctx.actions.flash('info', `Waiting: starts by itself ${formatWait(freeAt! - Date.now())}, when the budget frees up (Esc stops)`);
				},
			}),
	});
}
