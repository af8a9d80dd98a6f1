/**
 * The explorer's state: navigation stack, per-pane selection/filter/sort, the prompt (/ or :),
 * the modal stack and the flash line. One reducer; rows are never stored here (they are derived
 * from the graph by memoised selectors).
 */
import type {ReactNode} from 'react';
import {sameView, viewKey, type ViewRef} from './view-ref.js';
import {locationChain} from './breadcrumb.js';

export type FlashLevel = 'info' | 'warn' | 'error';

export interface Flash {
	level: FlashLevel;
	text: string;
	/** Increments with every flash so the same text flashed twice restarts its timer. */
	seq: number;
}

/** Selection, scroll, filter and sort of one section of one view. */
export interface PaneState {
	cursor: number;
	/** Key of the selected row: the selection follows its row when rows reorder (sort, reload). */
	selectedKey?: string;
	top: number;
	filter: string;
	/** Index into the sort choices: the view's default order, then each column (see sorting.ts). */
	sort: number;
	/** The sort is reversed (`s`). */
	reverse?: boolean;
	/** Keys of the marked rows (Space, `*`), in marking order; they survive filters and re-renders. */
	marks?: readonly string[];
}

export const EMPTY_PANE: PaneState = {cursor: 0, top: 0, filter: '', sort: 0};

export interface PromptState {
	kind: 'filter' | 'command';
	text: string;
	/** Command completion: candidates of the last Tab and which one is shown. */
	completion?: {candidates: string[]; index: number; base: string};
}

/** A modal in the modal slot. It renders itself and takes keys with priority 'modal'. */
export interface ModalSize {
	columns: number;
	rows: number;
}

export interface ModalEntry {
	id: string;
	/** `size` is the modal slot now (columns × body lines): a modal follows terminal resizes. */
	render: (close: () => void, size: ModalSize) => ReactNode;
}

export interface ExplorerState {
	/** The navigation stack; the last entry is the current view. Never empty. */
	stack: ViewRef[];
	/** The stack before the last jump or back, for `-`. */
	previous?: ViewRef[];
	/** Section index per view key. */
	sections: Record<string, number>;
	/** Pane state per `${viewKey}#${sectionId}`. */
	panes: Record<string, PaneState>;
	prompt?: PromptState;
	modals: ModalEntry[];
	flash?: Flash;
}

export type ExplorerAction =
	| {type: 'open'; ref: ViewRef}
	| {type: 'jump'; ref: ViewRef}
	| {type: 'back'}
	| {type: 'toggle-previous'}
	| {type: 'section'; view: string; index: number}
	/**
	 * Move the cursor of `pane` over `rows` (the rows as shown): to an index, or by a delta from the
	 * current selection (computed here, so key presses faster than frames all count).
	 */
	| {type: 'move'; pane: string; rows: readonly {key: string}[]; height: number; to?: number; by?: number}
	| {type: 'pane'; pane: string; patch: Partial<PaneState>}
	/** Marks of `pane`: toggle one row, add (or, when all are marked, remove) many, keep only `keep`, or clear. */
	| {type: 'marks'; pane: string; toggle?: string; all?: readonly string[]; keep?: ReadonlySet<string>; clear?: true}
	| {type: 'prompt'; prompt: PromptState | undefined}
	/** Edit the open prompt's text from its current state (keys typed faster than renders are not lost); a filter applies to `pane`. */
	| {type: 'prompt-edit'; edit: (text: string) => string; pane: string}
	| {type: 'modal-open'; modal: ModalEntry}
	| {type: 'modal-close'; id?: string}
	| {type: 'flash'; level: FlashLevel; text: string}
	| {type: 'flash-clear'; seq: number};

/** History kept for Esc (oldest entries fall off). */
const MAX_HISTORY = 64;

/** A view opened directly starts with its location as history, so Esc walks up where it lives. */
export function initialExplorerState(initialView: ViewRef = {view: 'workspaces'}, projectOf?: (fullName: string) => string | undefined): ExplorerState {
	const stack = locationChain(initialView, projectOf);
	const sections: Record<string, number> = {};
	if (initialView.view === 'workspace' && initialView.section) {
		sections[viewKey(initialView)] = WORKSPACE_SECTION_INDEX[initialView.section];
	}
	return {stack, sections, panes: {}, modals: []};
}

const WORKSPACE_SECTION_INDEX = {members: 0, groups: 1, projects: 2, repositories: 3} as const;

export function currentView(state: ExplorerState): ViewRef {
	return state.stack[state.stack.length - 1] ?? {view: 'workspaces'};
}

export function paneKey(view: ViewRef, sectionId: string): string {
	return `${viewKey(view)}#${sectionId}`;
}

export function paneOf(state: ExplorerState, key: string): PaneState {
	return state.panes[key] ?? EMPTY_PANE;
}

/** The selected row's index: the row with the selected key when rows moved (sort, reload), else the cursor. */
export function selectedIndex(pane: PaneState, rows: readonly {key: string}[]): number {
	if (pane.selectedKey === undefined || rows[pane.cursor]?.key === pane.selectedKey) return pane.cursor;
	const found = rows.findIndex(row => row.key === pane.selectedKey);
	return found >= 0 ? found : pane.cursor;
}

/** Keep the cursor inside the rows and the window [top, top+height) around the cursor. */
export function clampWindow(cursor: number, top: number, count: number, height: number): {cursor: number; top: number} {
	const safeHeight = Math.max(1, height);
	const c = count === 0 ? 0 : Math.min(Math.max(0, cursor), count - 1);
	let t = Math.min(Math.max(0, top), Math.max(0, count - safeHeight));
	if (c < t) t = c;
	if (c >= t + safeHeight) t = c - safeHeight + 1;
	return {cursor: c, top: Math.max(0, t)};
}

function withSection(state: ExplorerState, ref: ViewRef): Record<string, number> {
	if (ref.view !== 'workspace' || !ref.section) return state.sections;
	return {...state.sections, [viewKey(ref)]: WORKSPACE_SECTION_INDEX[ref.section]};
}

export function explorerReducer(state: ExplorerState, action: ExplorerAction): ExplorerState {
	switch (action.type) {
		case 'open': {
			const current = currentView(state);
			if (sameView(current, action.ref)) return {...state, sections: withSection(state, action.ref)};
			return {...state, flash: undefined, previous: state.stack, stack: [...state.stack, action.ref].slice(-MAX_HISTORY), sections: withSection(state, action.ref)};
		}
		case 'jump': {
			// `:` jumps are history too (like a browser): Esc comes back here.
			const current = currentView(state);
			if (sameView(current, action.ref)) return {...state, sections: withSection(state, action.ref)};
			const stack = [...state.stack, action.ref].slice(-MAX_HISTORY);
			return {...state, flash: undefined, previous: state.stack, stack, sections: withSection(state, action.ref)};
		}
		case 'back': {
			if (state.stack.length <= 1) return state;
			return {...state, flash: undefined, previous: state.stack, stack: state.stack.slice(0, -1)};
		}
		case 'toggle-previous': {
			if (!state.previous) return state;
			return {...state, flash: undefined, previous: state.stack, stack: state.previous};
		}
		case 'section':
			// Notes about one list ("Sorted by name") do not follow into another.
			return {...state, flash: undefined, sections: {...state.sections, [action.view]: action.index}};
		case 'move': {
			const pane = paneOf(state, action.pane);
			const from = selectedIndex(pane, action.rows);
			const target = action.to ?? from + (action.by ?? 0);
			const next = clampWindow(target, pane.top, action.rows.length, action.height);
			const key = action.rows[next.cursor]?.key;
			if (next.cursor === pane.cursor && next.top === pane.top && key === pane.selectedKey) return state;
			return {...state, panes: {...state.panes, [action.pane]: {...pane, ...next, selectedKey: key}}};
		}
		case 'pane': {
			const pane = paneOf(state, action.pane);
			return {...state, panes: {...state.panes, [action.pane]: {...pane, ...action.patch}}};
		}
		case 'marks': {
			const pane = paneOf(state, action.pane);
			const marks = nextMarks(pane.marks ?? [], action);
			if (marks === pane.marks || (marks.length === 0 && !pane.marks?.length)) return state;
			return {...state, panes: {...state.panes, [action.pane]: {...pane, marks}}};
		}
		case 'prompt':
			return {...state, prompt: action.prompt};
		case 'prompt-edit': {
			if (!state.prompt) return state;
			const text = action.edit(state.prompt.text);
			if (state.prompt.kind !== 'filter') return {...state, prompt: {kind: state.prompt.kind, text}};
			const pane = paneOf(state, action.pane);
			return {...state, prompt: {kind: 'filter', text}, panes: {...state.panes, [action.pane]: {...pane, filter: text, cursor: 0, top: 0, selectedKey: undefined}}};
		}
		case 'modal-open':
			return {...state, modals: [...state.modals.filter(modal => modal.id !== action.modal.id), action.modal]};
		case 'modal-close':
			return {...state, modals: action.id === undefined ? state.modals.slice(0, -1) : state.modals.filter(modal => modal.id !== action.id)};
		case 'flash':
			return {...state, flash: {level: action.level, text: action.text, seq: (state.flash?.seq ?? 0) + 1}};
		case 'flash-clear':
			return state.flash?.seq === action.seq ? {...state, flash: undefined} : state;
	}
}

/** The marks after one 'marks' action (the same array when nothing changes). */
function nextMarks(marks: readonly string[], action: Extract<ExplorerAction, {type: 'marks'}>): readonly string[] {
	if (action.clear) return marks.length === 0 ? marks : [];
	if (action.toggle !== undefined) return marks.includes(action.toggle) ? marks.filter(key => key !== action.toggle) : [...marks, action.toggle];
	if (action.all) {
		const set = new Set(marks);
		// `*` marks every visible row; when every visible row is already marked it unmarks them.
		if (action.all.length > 0 && action.all.every(key => set.has(key))) {
			const visible = new Set(action.all);
			return marks.filter(key => !visible.has(key));
		}
		return [...marks, ...action.all.filter(key => !set.has(key))];
	}
	if (action.keep) {
		const kept = marks.filter(key => action.keep!.has(key));
		return kept.length === marks.length ? marks : kept;
	}
	return marks;
}
