/**
 * <Explorer>: the k9s-style browser over the access graph. It renders a ScreenModel (built by
 * pure screen builders from the graph) as header, section tabs, a virtual table and a footer,
 * and dispatches keys through the one key registry. State lives in one reducer; rows are derived
 * by memoised selectors keyed on the graph revision, the filter and the sort.
 */
import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {Box, useStdout} from 'ink';
import {Text} from '../components/text.js';
import type {ExplorerBackend} from '../../core/backend.js';
import {filterRows, layoutColumns, naturalWidths, sortRows, type TableRow} from '../components/table-model.js';
import {Table} from '../components/table.js';
import {formatCount} from '../components/text-width.js';
import {useTerminalSize} from '../components/use-terminal-size.js';
import {explorerCommands} from '../keys/command-sets.js';
import {KeypressProvider, useHasKeypressProvider, useKeypress} from '../keys/keypress.js';
import {findCommand, footerCommands, type ExplorerActions, type KeyCommand, type KeyContext} from '../keys/registry.js';
import {ThemeProvider, useTheme, type Theme} from '../theme.js';
import {flashLines, Footer, Header, NoticeLine, Tabs} from './chrome.js';
import {budgetNotice} from './header-status.js';
import {completeCommand, resolveCommand} from './command-line.js';
import {openHelp} from './commands/navigation-commands.js';
import {openJumpPicker} from './modals/jump-picker.js';
import {problemCount} from './describe.js';
import {breadcrumb} from './breadcrumb.js';
import {reversedSort, sortChoices, sortLabel} from './sorting.js';
import {clampWindow, currentView, explorerReducer, initialExplorerState, paneKey, paneOf, selectedIndex, type PromptState} from './explorer-state.js';
import {PromptLine, usePromptKeys} from './prompt-bar.js';
import {buildScreen, type ScreenModel} from './screens/index.js';
import {osc52, systemOpener} from './system-services.js';
import {useExplorerData} from './use-explorer-data.js';
import {useGrantLoading} from './use-grant-loading.js';
import {useReviewTick} from '../review/use-review-tick.js';
import {useJournalTick} from '../journal/use-journal-tick.js';
import {useScreenCache} from './use-screen-cache.js';
import {markedText, useMarks} from './use-marks.js';
import {viewKey, workspaceOf, type ViewRef} from './view-ref.js';

export type {ViewRef, ViewKind, WorkspaceSection} from './view-ref.js';
export type {KeyCommand, KeyContext, ExplorerActions} from '../keys/registry.js';

export interface ExplorerProps {
	backend: ExplorerBackend;
	/** The first view (default: the workspace list); Esc from it leads to the workspace list. */
	initialView?: ViewRef;
	onQuit: () => void;
	/** Opens a URL in a browser; returns false when it cannot (the URL is then shown). Default: xdg-open/open when available. */
	opener?: (url: string) => boolean;
	/** Puts text on the clipboard. Default: OSC 52 escape written to the terminal. */
	clipboard?: (text: string) => void;
	/** Extra key commands (e.g. grant/revoke), merged after the built-in ones. */
	commands?: readonly KeyCommand[];
	/** Theme override (default: from NO_COLOR). */
	theme?: Theme;
	/** How long flash messages stay, in ms (default 6000). */
	flashMs?: number;
}

export function Explorer(props: ExplorerProps) {
	const hasProvider = useHasKeypressProvider();
	const root = props.theme ? (
		<ThemeProvider theme={props.theme}>
			<ExplorerRoot {...props} />
		</ThemeProvider>
	) : (
		<ExplorerRoot {...props} />
	);
	return hasProvider ? root : <KeypressProvider>{root}</KeypressProvider>;
}

/** Smallest terminal the explorer draws in; below it, it says so instead of drawing a broken frame. */
export const MIN_ROWS = 16;
export const MIN_COLUMNS = 60;

/** Lines the explorer keeps free of the body: header, tabs, table header, footer. */
const CHROME_LINES = 4;

function ExplorerRoot(props: ExplorerProps) {
	const {backend} = props;
	const theme = useTheme();
	const size = useTerminalSize();
	const {stdout} = useStdout();
	const {graph, revision, status} = useExplorerData(backend);
	const [state, dispatch] = useReducer(explorerReducer, props.initialView, view => initialExplorerState(view, fullName => backend.graph()?.repository(fullName)?.projectKey));
	const [completionDetail, setCompletionDetail] = useState<string | undefined>();
	const completionDetails = useRef<string[]>([]);

	const flash = useCallback((level: 'info' | 'warn' | 'error', text: string) => dispatch({type: 'flash', level, text}), []);
	const grants = useGrantLoading(backend, flash);
	const commands = useMemo(() => explorerCommands(props.commands), [props.commands]);
	const ref = currentView(state);
	const key = viewKey(ref);

	// ---- the screen and its rows (memoised on graph revision, view, filter, sort) ----
	const logTick = ref.view === 'request-log' ? status : undefined;
	const reviewTick = useReviewTick();
	const journalTick = useJournalTick(ref.view, backend);
	// `ref` is represented by `key`; the last few views' screens are kept (use-screen-cache.ts).
	const screen: ScreenModel | undefined = useScreenCache(key, [graph, revision, backend, grants.loading, grants.failed, grants.attempted, logTick, reviewTick, journalTick], () =>
		graph ? buildScreen({graph, backend, loadingGrants: grants.loading, failedGrants: grants.failed, attemptedGrants: grants.attempted}, ref) : undefined,
	);
	const sectionCount = screen?.sections.length ?? 0;
	const sectionIndex = Math.min(state.sections[key] ?? 0, Math.max(0, sectionCount - 1));
	const section = screen?.sections[sectionIndex];
	const pk = section ? paneKey(ref, section.id) : key;
	const pane = paneOf(state, pk);
	const choices = useMemo(() => (section ? sortChoices(section) : []), [section]);
	const choice = choices[pane.sort % Math.max(1, choices.length)];
	const reverse = pane.reverse === true;
	const sortMode = useMemo(() => (choice ? (reverse ? reversedSort(choice.mode) : choice.mode) : undefined), [choice, reverse]);
	const sorted = useMemo(() => (section ? sortRows(section.rows, sortMode) : []), [section, sortMode]);
	const rows = useMemo(() => filterRows(sorted, pane.filter), [sorted, pane.filter]);
	const {marked, markedKeys, markedHidden} = useMarks(pane.marks, sorted, rows);
	const natural = useMemo(() => (section ? naturalWidths(section.columns, section.rows) : {}), [section]);
	const columns = useMemo(() => (section ? layoutColumns(section.columns, natural, size.columns) : []), [section, natural, size.columns]);

	// ---- layout: the frame is at most rows-1 lines (Ink clears the screen on full-height frames) ----
	const frameHeight = Math.max(1, size.rows - 1);
	const summary = (screen?.summary ?? []).slice(0, 2);
	const notice = section?.notice;
	const budgetLine = budgetNotice(status, Date.now());
	// A flash wider than the screen wraps (a path or a reason in full); the table gives up those lines.
	const flashExtra = Math.max(0, flashLines(state.flash, size.columns).length - 1);
	const tableHeight = Math.max(1, frameHeight - CHROME_LINES - summary.length - (notice ? 1 : 0) - (budgetLine ? 1 : 0) - (state.prompt ? 1 : 0) - flashExtra);
	// The selection follows its row when rows reorder (sort, tier-2 load); else it keeps its index.
	const view = clampWindow(selectedIndex(pane, rows), pane.top, rows.length, tableHeight);
	const selected: TableRow | undefined = rows[view.cursor];

	// ---- actions ----
	const actions: ExplorerActions = {
		open: target => dispatch({type: 'open', ref: target}),
		jump: target => dispatch({type: 'jump', ref: target}),
		back: () => dispatch({type: 'back'}),
		togglePrevious: () => dispatch({type: 'toggle-previous'}),
		moveTo: index => dispatch({type: 'move', pane: pk, rows, height: tableHeight, to: index}),
		moveBy: delta => dispatch({type: 'move', pane: pk, rows, height: tableHeight, by: delta}),
		selectSection: index => dispatch({type: 'section', view: key, index}),
		setSort: index => dispatch({type: 'pane', pane: pk, patch: {sort: index, reverse: false}}),
		setSortReverse: value => dispatch({type: 'pane', pane: pk, patch: {reverse: value}}),
		setFilter: text => dispatch({type: 'pane', pane: pk, patch: {filter: text, cursor: 0, top: 0, selectedKey: undefined}}),
		toggleMark: rowKey => dispatch({type: 'marks', pane: pk, toggle: rowKey}),
		markAll: rowKeys => dispatch({type: 'marks', pane: pk, all: rowKeys}),
		clearMarks: () => dispatch({type: 'marks', pane: pk, clear: true}),
		setPrompt: prompt => dispatch({type: 'prompt', prompt}),
		flash,
		openModal: modal => dispatch({type: 'modal-open', modal}),
		closeModal: id => dispatch({type: 'modal-close', id}),
		copy: text => {
			if (props.clipboard) {
				props.clipboard(text);
				return 'copied';
			}
			stdout.write(osc52(text));
			return 'sent';
		},
		openUrl: url => (props.opener ?? systemOpener)(url),
		loadRepositoryGrants: grants.loadOne,
		loadManyRepositoryGrants: grants.loadMany,
		quit: props.onQuit,
	};

	const keyContext = (name: string): KeyContext => ({
		key: name,
		view: ref,
		state,
		screen,
		section,
		sectionIndex,
		filter: pane.filter,
		sort: pane.sort,
		sortReverse: reverse,
		sortChoices: choices,
		rows,
		cursor: view.cursor,
		row: selected,
		marked,
		markedHidden,
		pageSize: tableHeight,
		graph,
		backend,
		status,
		actions,
		commands,
		// The modal slot: the body's lines (table header included).
		size: {columns: size.columns, rows: tableHeight + 1},
	});

	// ---- tier 2: load a repository's grants when its view opens (again after the graph is replaced) ----
	const {reset: resetGrantAttempts} = grants;
	const seenGraph = useRef(graph);
	useEffect(() => {
		if (seenGraph.current === graph) return;
		seenGraph.current = graph;
		resetGrantAttempts();
	}, [graph, resetGrantAttempts]);
	const repositoryState = ref.view === 'repository' && graph ? graph.repositoryGrantsState(ref.fullName).state : undefined;
	useEffect(() => {
		if (ref.view !== 'repository' || repositoryState !== 'not-loaded' || !graph?.repository(ref.fullName)) return;
		if (grants.attempted.has(ref.fullName)) return;
		grants.loadOne(ref.fullName);
	}, [key, repositoryState, graph, grants.attempted, grants.loadOne]);

	// ---- marks whose rows are gone (a refresh, an applied change) are dropped ----
	const markCount = pane.marks?.length ?? 0;
	useEffect(() => {
		if (section && markCount > marked.length) dispatch({type: 'marks', pane: pk, keep: new Set(marked.map(row => row.key))});
	}, [section, pk, markCount, marked]);

	// ---- flash auto-clear ----
	const flashSeq = state.flash?.seq;
	const flashMs = props.flashMs ?? 6000;
	useEffect(() => {
		if (flashSeq === undefined) return;
		const timer = setTimeout(() => dispatch({type: 'flash-clear', seq: flashSeq}), flashMs);
		return () => clearTimeout(timer);
	}, [flashSeq, flashMs]);

	// ---- prompt (/ filter, : command) ----
	const setPrompt = (prompt: PromptState | undefined) => dispatch({type: 'prompt', prompt});
	usePromptKeys(state.prompt, {
		onEdit: edit => {
			setCompletionDetail(undefined);
			dispatch({type: 'prompt-edit', edit, pane: pk});
		},
		onCancel: () => {
			if (state.prompt?.kind === 'filter') actions.setFilter('');
			setCompletionDetail(undefined);
			setPrompt(undefined);
		},
		onSubmit: text => {
			setCompletionDetail(undefined);
			setPrompt(undefined);
			if (state.prompt?.kind !== 'command') return;
			if (!graph) {
				flash('warn', 'No data yet: wait for the sync to finish.');
				return;
			}
			const result = resolveCommand(graph, text, workspaceOf(ref));
			if (result.type === 'view') actions.jump(result.ref);
			else if (result.type === 'help') openHelp(keyContext('?'));
			else if (result.type === 'quit') props.onQuit();
			else if (result.type === 'choose') openJumpPicker(actions, result);
			else flash('warn', result.message);
		},
		onComplete: direction => {
			const prompt = state.prompt;
			if (!prompt) return;
			let completion = prompt.completion;
			if (!completion || completion.candidates[completion.index] !== prompt.text) {
				const found = completeCommand(graph, prompt.text, workspaceOf(ref));
				if (found.candidates.length === 0) {
					setCompletionDetail('no match');
					return;
				}
				completion = {candidates: found.candidates, index: direction === 1 ? 0 : found.candidates.length - 1, base: prompt.text};
				setCompletionDetail(describeCompletion(found.details, completion.index, found.candidates.length));
				setPrompt({...prompt, text: completion.candidates[completion.index] ?? prompt.text, completion: {...completion, candidates: found.candidates}});
				completionDetails.current = found.details;
				return;
			}
			const index = (completion.index + direction + completion.candidates.length) % completion.candidates.length;
			setCompletionDetail(describeCompletion(completionDetails.current, index, completion.candidates.length));
			setPrompt({...prompt, text: completion.candidates[index] ?? prompt.text, completion: {...completion, index}});
		},
	});
	// ---- the one view-level key handler: the registry ----
	useKeypress(
		event => {
			const command = findCommand(commands, event.name, ref.view);
			if (!command) return false;
			const ctx = keyContext(event.name);
			const reason = command.disabledReason?.(ctx);
			if (reason) {
				flash('warn', reason);
				return true;
			}
			const result = command.run(ctx);
			if (result instanceof Promise) result.catch((error: unknown) => flash('error', error instanceof Error ? error.message : String(error)));
			return true;
		},
		{priority: 'view', isActive: state.modals.length === 0},
	);

	// Ctrl-C quits from anywhere, modals included (they let it through). A paste nobody took is ignored.
	useKeypress(
		event => {
			if (event.name === 'paste') {
				flash('info', 'paste ignored: open / or : first');
				return true;
			}
			if (event.name !== 'ctrl+c') return false;
			props.onQuit();
			return true;
		},
		{priority: 'global'},
	);

	// ---- render ----
	const footerContext = keyContext('');
	const hintKey = footerCommands(commands, footerContext)
		.map(command => `${command.keys[0] ?? ''}\u0000${command.hintText?.(footerContext) ?? command.hint ?? ''}`)
		.join('\u0001');
	const hints = useMemo(
		() =>
			hintKey.split('\u0001').map(pair => {
				const [hintKeyName = '', label = ''] = pair.split('\u0000');
				return {key: hintKeyName, label};
			}),
		[hintKey],
	);
	const tabsKey = (screen?.sections ?? []).map(s => `${s.title}\u0000${s.rows.length}`).join('\u0001');
	const tabs = useMemo(
		() =>
			tabsKey === ''
				? []
				: tabsKey.split('\u0001').map(pair => {
						const [title = '', count = '0'] = pair.split('\u0000');
						return {title, count: Number(count)};
					}),
		[tabsKey],
	);
	const problems = useMemo(() => (graph ? problemCount(graph) : 0), [graph, revision]);
	const modal = state.modals[state.modals.length - 1];
	const crumbs = useMemo(() => breadcrumb(graph, state.stack), [graph, revision, state.stack]);
	// The filter stays visible in the title until cleared (the prompt line shows it while typing).
	const shownFilter = state.prompt?.kind === 'filter' ? '' : pane.filter;
	// Full, then shorter forms the tab row picks from when space is short (filter and sort stay).
	const [indicator = '', shortIndicator, minimalIndicator] = (['full', 'short', 'minimal'] as const).map(form => {
		const position = section ? indicatorText(view.cursor, rows.length, section.rows.length, pane.filter, sortLabel(choice, reverse), choices.length, shownFilter, form) : '';
		return marked.length > 0 ? `${markedText(marked.length, markedHidden)} · ${position}` : position;
	});

	if (size.rows < MIN_ROWS || size.columns < MIN_COLUMNS) {
		return (
			<Text wrap="wrap">
				Terminal too small (needs {MIN_COLUMNS}×{MIN_ROWS}; this one is {size.columns}×{size.rows}). Enlarge it, or q quits.
			</Text>
		);
	}

	return (
		<Box flexDirection="column" width={size.columns} height={frameHeight}>
			<Header crumbs={crumbs} status={status} width={size.columns} problems={problems} />
			<Tabs tabs={tabs} index={sectionIndex} indicator={indicator} shortIndicator={shortIndicator} minimalIndicator={minimalIndicator} width={size.columns} />
			{summary.map(line => (
				<Text key={line} wrap="truncate" color={theme.text.secondary}>
					{line}
				</Text>
			))}
			{budgetLine ? <NoticeLine notice={budgetLine} /> : null}
			{notice ? <NoticeLine notice={notice} /> : null}
			{/* Clipping costs a slice per line in Ink, so only modals (of unknown height) are clipped. */}
			<Box flexDirection="column" height={tableHeight + 1} overflow={modal ? 'hidden' : undefined}>
				{modal ? (
					modal.render(() => dispatch({type: 'modal-close', id: modal.id}), {columns: size.columns, rows: tableHeight + 1})
				) : !graph ? (
					<Text color={theme.text.secondary}>No data yet: {status.message}</Text>
				) : screen?.error ? (
					<Text color={theme.status.error} wrap="wrap">
						{screen.error}
					</Text>
				) : section && rows.length > 0 ? (
					<Table columns={columns} rows={rows} cursor={view.cursor} top={view.top} height={tableHeight} marked={markedKeys} />
				) : section ? (
					<Text color={theme.text.secondary} wrap="wrap">
						{pane.filter ? `No rows match "${pane.filter}" (Esc clears the filter).` : section.empty}
					</Text>
				) : null}
			</Box>
			{state.prompt ? <PromptLine prompt={state.prompt} width={size.columns} detail={completionDetail} /> : null}
			<Footer hints={hints} flash={state.flash} width={size.columns} />
		</Box>
	);
}

function describeCompletion(details: string[], index: number, count: number): string {
	const detail = details[index];
	return `${index + 1}/${count}${detail ? ` ${detail}` : ''} (Tab: next)`;
}

/**
 * "12 of 3,000", "/mobile · 3 of 140 (filtered from 3,000)", plus the sort when there is a choice.
 * Shorter forms for a narrow title keep the filter and the sort: `short` drops "(filtered from N)"
 * and `minimal` also the position — only while the filter text is shown (it says it is filtered).
 */
export function indicatorText(cursor: number, shown: number, total: number, filter: string, sortLabel: string | undefined, sortCount: number, shownFilter = filter, form: 'full' | 'short' | 'minimal' = 'full'): string {
	const filterText = shownFilter ? `/${shownFilter}` : '';
	const position = shown === 0 ? `0 of ${formatCount(total)}` : `${formatCount(cursor + 1)} of ${formatCount(shown)}`;
	const filtered = filter && shown !== total && (form === 'full' || !shownFilter) ? ` (filtered from ${formatCount(total)})` : '';
	const sort = sortCount > 1 && sortLabel ? `sort: ${sortLabel}` : '';
	const parts = [filterText, form === 'minimal' && filterText ? '' : `${position}${filtered}`, sort].filter(part => part !== '');
	return parts.join(' · ');
}
