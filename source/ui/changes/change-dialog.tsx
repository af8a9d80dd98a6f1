/**
 * The change dialog: one modal that plans (Esc cancels), shows the plan for confirmation (default
 * No; typed confirmation where the plan requires it; Tab jumps to where surviving access comes
 * from), applies, and shows the verified result. Nothing is sent before the admin confirms; Esc
 * and every key other than the confirming one send nothing. A batch plan (marked rows, Findings
 * fixes) shows every request, per-person effects and the cost (batch-lines.ts), is applied with
 * applyBatch, and its result names the items that failed and why. ↑↓/PgUp/PgDn scroll.
 */
import {useEffect, useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {ChangePlan, ChangeResult, ChangeService} from '../../core/changes/index.js';
import {isBbError} from '../../core/errors.js';
import {useKeypress} from '../keys/keypress.js';
import {ModalFrame} from '../explorer/modals/modal-frame.js';
import {useTheme, type Theme} from '../theme.js';
import {toneColor} from '../components/table.js';
import {editText, TextField} from '../wizard/text-input.js';
import {confirmationLine, confirmationWords} from '../../core/changes/format.js';
import {firstJump, planLines, resultLines, wrapLines, type LineTone, type PlanLine} from './plan-lines.js';
import {displayWidth} from '../components/text-width.js';
import {applyBatch, type BatchResult} from '../../core/changes/batch/index.js';
import {batchPlanLines, batchResultLines, isBatchPlan} from './batch-lines.js';

export type JumpTarget = NonNullable<ReturnType<typeof firstJump>>;

export interface ChangeDialogProps {
	service: ChangeService;
	/** Builds the plan (pre-reads only). */
	makePlan: () => Promise<ChangePlan>;
	width: number;
	height: number;
	onClose: () => void;
	/** Runs once the plan was applied (whatever the outcome). */
	onApplied?: () => void;
	onJump: (target: JumpTarget) => void;
	flash: (level: 'info' | 'warn' | 'error', text: string) => void;
}

type Phase =
	| {phase: 'planning'}
	| {phase: 'confirm'; plan: ChangePlan; typed: string; mismatch: boolean}
	| {phase: 'applying'; plan: ChangePlan}
	| {phase: 'result'; plan: ChangePlan; result: ChangeResult; batch?: BatchResult}
	| {phase: 'error'; message: string};

function errorText(error: unknown): string {
	if (isBbError(error)) return error.hint ? `${error.message} — ${error.hint}` : error.message;
	return error instanceof Error ? error.message : String(error);
}

/** Plan lines use the table's tone colours; "request" lines (method and path) are the accent. */
function lineColor(theme: Theme, tone: LineTone): string | undefined {
	if (tone === 'title' || tone === 'normal') return undefined;
	return toneColor(theme, tone === 'request' ? 'accent' : tone);
}

export function ChangeDialog(props: ChangeDialogProps) {
	const theme = useTheme();
	const [state, setState] = useState<Phase>({phase: 'planning'});
	const [scroll, setScroll] = useState(0);
	const alive = useRef(true);
	// Once closed, let keys pass: the key handler is unregistered only after the next paint.
	const closed = useRef(false);
	const {service, makePlan, flash} = props;
	const onClose = () => {
		closed.current = true;
		props.onClose();
	};

	useEffect(() => {
		alive.current = true;
		makePlan().then(
			plan => {
				if (alive.current) setState({phase: 'confirm', plan, typed: '', mismatch: false});
			},
			(error: unknown) => {
				if (alive.current) setState({phase: 'error', message: errorText(error)});
			},
		);
		return () => {
			alive.current = false;
		};
		// The plan is made once per dialog (makePlan is not a dependency on purpose).
	}, []);

	const apply = (plan: ChangePlan, typed: string | undefined) => {
		setState({phase: 'applying', plan});
		const applied: Promise<{result: ChangeResult; batch?: BatchResult}> = isBatchPlan(plan) ? applyBatch(service, plan, {typed}).then(batch => ({result: batch.result, batch})) : service.apply(plan, {typed}).then(result => ({result}));
		applied.then(
			({result, batch}) => {
				const level = result.outcome === 'applied-verified' || result.outcome === 'no-op' || result.outcome === 'dry-run' ? 'info' : result.outcome === 'partial' ? 'warn' : 'error';
				flash(level, batch && batch.failed.length > 0 ? `${result.message} (${batch.failed.length} failed: see the result)` : result.message);
				props.onApplied?.();
				if (alive.current) setState({phase: 'result', plan, result, batch});
			},
			(error: unknown) => {
				flash('error', errorText(error));
				if (alive.current) setState({phase: 'error', message: errorText(error)});
			},
		);
	};

	const cancel = (why = 'Cancelled: nothing was sent.') => {
		flash('info', why);
		onClose();
	};

	const rawLines: PlanLine[] =
		state.phase === 'confirm' || state.phase === 'applying'
			? isBatchPlan(state.plan)
				? batchPlanLines(state.plan)
				: planLines(state.plan)
			: state.phase === 'result'
				? state.batch && isBatchPlan(state.plan)
					? batchResultLines(state.plan, state.batch)
					: resultLines(state.plan, state.result)
				: state.phase === 'error'
					? [{text: state.message, tone: 'error'}]
					: [{text: 'Reading the current state from Bitbucket…', tone: 'muted'}];
	// Border and padding take 4 columns; title, hint and the confirmation prompt wrap like the body.
	const inner = props.width - 4;
	const lines = wrapLines(rawLines, inner);
	const title = dialogTitle(state);
	const hintLines = wrapTexts(dialogHint(state), inner);
	const prompt = state.phase === 'confirm' && state.plan.actionable ? promptLayout(state, inner) : undefined;
	const promptLines = prompt?.lines.length ?? 0;
	// Border (2), the title's and the hint's lines, and the confirmation prompt when something will be sent.
	const heightFor = (titleLines: number) => Math.max(1, props.height - 2 - titleLines - hintLines.length - promptLines);
	let titleLines = wrapTexts(title, inner);
	let bodyHeight = heightFor(titleLines.length);
	if (lines.length > bodyHeight) {
		// Long plans (batches) say where the window is, so nothing is missed at 80×24.
		const framedFor = (height: number, at: number) => `[${at + 1}–${Math.min(lines.length, at + height)}/${lines.length} ↑↓] ${title}`;
		titleLines = wrapTexts(framedFor(bodyHeight, 0), inner);
		bodyHeight = heightFor(titleLines.length);
		const topNow = Math.min(scroll, Math.max(0, lines.length - bodyHeight));
		titleLines = wrapTexts(framedFor(bodyHeight, topNow), inner);
	}
	const maxScroll = Math.max(0, lines.length - bodyHeight);
	const top = Math.min(scroll, maxScroll);

	useKeypress(
		event => {
			if (closed.current) return false;
			const name = event.name;
			if (name === 'up' || name === 'down' || name === 'pageup' || name === 'pagedown') {
				const step = name === 'up' ? -1 : name === 'down' ? 1 : name === 'pageup' ? -bodyHeight : bodyHeight;
				setScroll(Math.max(0, Math.min(maxScroll, top + step)));
				return true;
			}
			switch (state.phase) {
				case 'planning':
					if (name === 'esc') {
						alive.current = false;
						cancel();
					}
					return true;
				case 'applying':
					return true; // the requests are on their way; the result follows
				case 'result':
				case 'error':
					onClose();
					return true;
				case 'confirm': {
					const {plan} = state;
					if (name === 'tab') {
						const jump = firstJump(plan);
						if (jump) {
							onClose();
							props.onJump(jump);
						}
						return true;
					}
					if (name === 'esc') {
						// A plan with nothing to send was not cancelled: it just closes.
						if (plan.actionable) cancel();
						else onClose();
						return true;
					}
					if (!plan.actionable) {
						if (name === 'enter' || name === 'q' || name === 'n') onClose();
						return true;
					}
					if (plan.typedConfirmation !== undefined) {
						if (name === 'enter') {
							if (state.typed === plan.typedConfirmation) apply(plan, state.typed);
							else setState({...state, mismatch: true});
							return true;
						}
						const next = editText(state.typed, event.input, event.key, {maxLength: 200});
						if (next !== undefined) setState({...state, typed: next, mismatch: false});
						return true;
					}
					if (name === 'y' || name === 'Y') apply(plan, undefined);
					else if (name === 'n' || name === 'N' || name === 'enter' || name === 'q') cancel();
					return true;
				}
			}
		},
		{priority: 'modal'},
	);

	const tone = state.phase === 'error' ? 'error' : state.phase === 'confirm' && state.plan.actionable ? 'warn' : 'info';
	return (
		<ModalFrame title={titleLines} width={props.width} height={props.height} hint={hintLines} tone={tone}>
			<Box flexDirection="column" height={bodyHeight} overflow="hidden">
				{lines.slice(top, top + bodyHeight).map((line, index) => (
					<Text key={`${top + index}`} wrap="truncate" color={lineColor(theme, line.tone)} bold={line.tone === 'title'}>
						{line.text}
					</Text>
				))}
			</Box>
			{prompt && state.phase === 'confirm'
				? prompt.lines.map((line, index) => (
						<Text key={`prompt-${index}`} wrap="truncate">
							<Text color={prompt.typed && state.mismatch ? theme.status.error : theme.status.warn}>{line}</Text>
							{prompt.typed && index === prompt.lines.length - 1 ? <TextField value={state.typed} /> : null}
						</Text>
					))
				: null}
		</ModalFrame>
	);
}

function dialogTitle(state: Phase): string {
	switch (state.phase) {
		case 'planning':
			return 'Planning…';
		case 'error':
			return 'Change not possible';
		case 'result':
			return `Result: ${state.plan.title}`;
		case 'applying':
			return `Applying: ${state.plan.title}`;
		case 'confirm':
			return state.plan.title;
	}
}

function dialogHint(state: Phase): string {
	if (state.phase === 'planning') return 'Esc cancel';
	if (state.phase === 'applying') return 'Sending and verifying…';
	if (state.phase === 'result' || state.phase === 'error') return 'any key: close';
	const tab = firstJump(state.plan) ? ' · Tab: go to where access remains' : '';
	if (!state.plan.actionable) return `Nothing will be sent · Enter/Esc close${tab}`;
	if (state.plan.typedConfirmation !== undefined) return `${confirmationWords(state.plan.typedConfirmation)}, Enter confirms · Esc cancels${tab}`;
	return `y apply · N/Esc cancel (default No)${tab}`;
}

/** A title, hint or prompt as the lines it takes at `width` (wrapped like the plan, never cut). */
function wrapTexts(text: string, width: number): string[] {
	return wrapLines([{text, tone: 'normal'}], width).map(line => line.text);
}

/**
 * The confirmation prompt: `Type 'X' to confirm (reason): ` wrapped to the width, with room after
 * it for what the admin types (the field moves to a line of its own when the last line is full),
 * or `Apply this change? [y/N]`.
 */
function promptLayout(state: Extract<Phase, {phase: 'confirm'}>, width: number): {lines: string[]; typed: boolean} {
	const {plan} = state;
	if (plan.typedConfirmation === undefined) {
		return {lines: wrapTexts(`Apply ${plan.items.filter(item => item.mutation).length === 1 ? 'this change' : 'these changes'}? [y/N]`, width), typed: false};
	}
	const lines = wrapTexts(`${state.mismatch ? 'Does not match. ' : ''}${confirmationLine(plan) ?? ''}:`, width);
	const last = lines[lines.length - 1] ?? '';
	// What is to be typed (or more, if typed), its cursor and a space must fit after the last line;
	// decided on the expected length, so the field does not jump while typing.
	const room = Math.max(displayWidth(plan.typedConfirmation), displayWidth(state.typed)) + 1;
	if (displayWidth(last) + 1 + room <= width) lines[lines.length - 1] = `${last} `;
	else lines.push('> ');
	return {lines, typed: true};
}
