/**
 * The key registry: every key the explorer understands is one KeyCommand (data). The footer
 * hints, the `?` overlay and docs/keybindings.md are all generated from it, and the dispatcher
 * runs it. Another feature adds keys by contributing a KeyCommand[] (see command-sets.ts) — no
 * edits to the explorer's components.
 */
import type {ReactNode} from 'react';
import type {AccessGraph} from '../../core/graph/index.js';
import type {BackendStatus, ExplorerBackend} from '../../core/backend.js';
import type {TableRow} from '../components/table-model.js';
import type {ExplorerState, FlashLevel, ModalEntry, PromptState} from '../explorer/explorer-state.js';
import type {ScreenModel, SectionModel} from '../explorer/screens/index.js';
import type {ViewKind, ViewRef} from '../explorer/view-ref.js';
import type {SortChoice} from '../explorer/sorting.js';

export type KeyGroup = 'Navigation' | 'Views' | 'Actions' | 'General';

export const KEY_GROUPS: readonly KeyGroup[] = ['Navigation', 'Views', 'Actions', 'General'];

/** Things a command may do; provided by the explorer. */
export interface ExplorerActions {
	open(ref: ViewRef): void;
	jump(ref: ViewRef): void;
	back(): void;
	togglePrevious(): void;
	/** Move the cursor of the current section to a row index (clamped). */
	moveTo(index: number): void;
	/** Move the cursor by a number of rows from the current selection (clamped). */
	moveBy(delta: number): void;
	selectSection(index: number): void;
	setSort(index: number): void;
	setSortReverse(reverse: boolean): void;
	setFilter(text: string): void;
	/** Mark or unmark a row of the current section (by key). */
	toggleMark(key: string): void;
	/** Mark these rows of the current section (the visible ones); when all are marked already, unmark them. */
	markAll(keys: readonly string[]): void;
	/** Clear the marks of the current section. */
	clearMarks(): void;
	setPrompt(prompt: PromptState | undefined): void;
	flash(level: FlashLevel, text: string): void;
	openModal(modal: ModalEntry): void;
	closeModal(id?: string): void;
	/**
	 * Copy text to the clipboard: 'copied' when a clipboard confirmed it, 'sent' when it went out as
	 * an OSC 52 escape that the terminal may ignore (the caller then shows the value).
	 */
	copy(text: string): 'copied' | 'sent';
	/** Try to open a URL in a browser; false when no opener/display is available. */
	openUrl(url: string): boolean;
	/** Load a repository's tier-2 grants (spinner in the view; failures are shown). */
	loadRepositoryGrants(fullName: string): void;
	/** Load the grants of many repositories, a few at a time. */
	loadManyRepositoryGrants(fullNames: readonly string[]): void;
	quit(): void;
}

/** What a command sees when it runs. */
export interface KeyContext {
	/** The key name that triggered the command. */
	key: string;
	view: ViewRef;
	state: ExplorerState;
	screen: ScreenModel | undefined;
	section: SectionModel | undefined;
	sectionIndex: number;
	/** Filter text and sort mode index of the current section. */
	filter: string;
	sort: number;
	/** The current sort is reversed; the sort choices (default order, then columns). */
	sortReverse: boolean;
	sortChoices: readonly SortChoice[];
	/** Rows of the current section after sort and filter. */
	rows: readonly TableRow[];
	cursor: number;
	/** The selected row, if any. */
	row: TableRow | undefined;
	/**
	 * The marked rows of the current section, in the section's order (rows hidden by the filter
	 * included: marks survive filters); empty when nothing is marked.
	 */
	marked: readonly TableRow[];
	/** How many of `marked` the filter hides. */
	markedHidden: number;
	/** Visible table rows (for paging). */
	pageSize: number;
	graph: AccessGraph | undefined;
	backend: ExplorerBackend;
	status: BackendStatus;
	actions: ExplorerActions;
	/** Every command active in the explorer (for the help overlay). */
	commands: readonly KeyCommand[];
	/** Body size available to modals. */
	size: {columns: number; rows: number};
}

export interface KeyCommand {
	/** Dotted id, e.g. "nav.down", "view.filter", "perm.revoke". */
	id: string;
	/** Key names (see key-names.ts); the first is shown in hints. */
	keys: string[];
	description: string;
	/** Short word(s) for the footer; omit to keep the command out of the footer. */
	hint?: string;
	/** The footer text when it depends on the view, e.g. "refresh ~2 req" (default: `hint`). */
	hintText?: (ctx: KeyContext) => string;
	/**
	 * Footer order (lower first; the footer shows the first six that are enabled and fit, plus `? help`);
	 * default 50. Built-ins: open 10, filter 20, load grants 25, refresh 32 (with its price), sort 33, jump 40, back 45.
	 */
	hintOrder?: number;
	group: KeyGroup;
	/** Views where the command is active; omitted = every view. */
	views?: readonly ViewKind[];
	/** Changes data in Bitbucket (help marks it; read-only mode disables it). */
	destructive?: boolean;
	/** Why the command cannot act right now; the dispatcher flashes it instead of running. */
	disabledReason?: (ctx: KeyContext) => string | undefined;
	run: (ctx: KeyContext) => void | Promise<void>;
}

export function activeIn(command: KeyCommand, view: ViewKind): boolean {
	return !command.views || command.views.includes(view);
}

/** The first command bound to `key` in this view. */
export function findCommand(commands: readonly KeyCommand[], key: string, view: ViewKind): KeyCommand | undefined {
	return commands.find(command => command.keys.includes(key) && activeIn(command, view));
}

/** Footer hints for a view, in order. Disabled commands are left out. */
export function footerCommands(commands: readonly KeyCommand[], ctx: KeyContext): KeyCommand[] {
	return commands
		.filter(command => command.hint !== undefined && activeIn(command, ctx.view.view) && !command.disabledReason?.(ctx))
		.sort((a, b) => (a.hintOrder ?? 50) - (b.hintOrder ?? 50));
}

/** Check that no two commands bind the same key in the same view. Returns the clashes in words. */
export function keyConflicts(commands: readonly KeyCommand[], views: readonly ViewKind[]): string[] {
	const clashes: string[] = [];
	for (const view of views) {
		const seen = new Map<string, string>();
		for (const command of commands) {
			if (!activeIn(command, view)) continue;
			for (const key of command.keys) {
				const other = seen.get(key);
				if (other) clashes.push(`${view}: "${key}" is bound to ${other} and ${command.id}`);
				else seen.set(key, command.id);
			}
		}
	}
	return clashes;
}

/** Render helper type for modals contributed by commands. */
export type ModalRender = (close: () => void) => ReactNode;
