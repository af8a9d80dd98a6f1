/**
 * The one input layer. KeypressProvider reads stdin itself: every read is split by the
 * input parser (input-parser.ts) into an ordered list of keys and pastes, and each is dispatched
 * on its own, one after another. Everything else registers with useKeypress(handler, {priority,
 * isActive}). Handlers run from the highest priority down (modal > prompt > view > global); within
 * a priority the most recently mounted runs first. A handler that returns true consumes the key.
 *
 * Each key sees the state the previous key left: a key's state updates are rendered by React
 * before the next key is dispatched (runAndRender, ink-flush.ts; handlers are read from refs set
 * during that render), so `jjj` moves three rows and `:repo x⏎` typed in one burst opens x.
 * The keys of one read are drawn as one frame (runEachThenDraw), so a burst of held-down keys
 * costs one frame, not one per key.
 *
 * A paste (bracketed paste is enabled while the provider is mounted) is one event named "paste"
 * whose `input` is the pasted text as one line (line breaks removed); it is never Enter.
 */
import {createContext, useContext, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode} from 'react';
import {usePaste, useStdin, useStdout, type Key} from 'ink';
import {runEachThenDraw} from './ink-flush.js';
import {InputParser, pasteAsLine, type InputEvent, type ParsedKey} from './input-parser.js';

export type KeyPriority = 'modal' | 'prompt' | 'view' | 'global';

const PRIORITY_ORDER: Record<KeyPriority, number> = {modal: 3, prompt: 2, view: 1, global: 0};

export interface KeyEvent {
	/** Normalised key name (see key-names.ts). */
	name: string;
	/** The text the key types (the grapheme; the letter of Ctrl/Alt+letter; the pasted line); "" for named keys. */
	input: string;
	key: Key;
	/** True for a paste (name "paste"). */
	paste?: boolean;
}

/** Wait this long for the rest of a split escape sequence, or of a paste, before ending it. */
const SEQUENCE_TIMEOUT_MS = 50;
const PASTE_TIMEOUT_MS = 1000;

export type KeyHandler = (event: KeyEvent) => boolean;

interface Registration {
	priority: KeyPriority;
	order: number;
	handler: {current: KeyHandler};
	active: {current: boolean};
}

interface KeypressRegistry {
	register(registration: Omit<Registration, 'order'>): () => void;
}

const KeypressContext = createContext<KeypressRegistry | undefined>(undefined);

export function KeypressProvider(props: {children?: ReactNode}) {
	const {stdin, setRawMode, isRawModeSupported} = useStdin();
	const {stdout} = useStdout();
	const registrations = useRef<Registration[]>([]);
	const counter = useRef(0);

	const registry = useMemo<KeypressRegistry>(
		() => ({
			register(registration) {
				const entry: Registration = {...registration, order: counter.current++};
				registrations.current = [...registrations.current, entry].sort(
					(a, b) => PRIORITY_ORDER[b.priority] - PRIORITY_ORDER[a.priority] || b.order - a.order,
				);
				return () => {
					registrations.current = registrations.current.filter(item => item !== entry);
				};
			},
		}),
		[],
	);

	const deliver = useRef((event: KeyEvent) => {
		for (const registration of registrations.current) {
			if (!registration.active.current) continue;
			if (registration.handler.current(event)) return;
		}
	});

	// Bracketed paste on while mounted (Ink's usePaste turns it on and off; we parse pastes ourselves).
	usePaste(ignorePaste, {isActive: isRawModeSupported});
	useEffect(() => {
		if (!isRawModeSupported) return;
		setRawMode(true);
		const parser = new InputParser();
		let timer: NodeJS.Timeout | undefined;
		const dispatch = (events: readonly InputEvent[]) => {
			runEachThenDraw(
				stdout,
				events.map(event => () => deliver.current(toKeyEvent(event))),
			);
		};
		// Ink reads stdin on 'readable'; every chunk it reads is also emitted as 'data'.
		const onData = (chunk: string | Buffer) => {
			if (timer) clearTimeout(timer);
			timer = undefined;
			dispatch(parser.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
			if (parser.hasPending()) {
				timer = setTimeout(
					() => {
						timer = undefined;
						dispatch(parser.flush());
					},
					parser.pendingIsPaste() ? PASTE_TIMEOUT_MS : SEQUENCE_TIMEOUT_MS,
				);
			}
		};
		stdin.on('data', onData);
		return () => {
			stdin.off('data', onData);
			if (timer) clearTimeout(timer);
			setRawMode(false);
		};
	}, [stdin, stdout, setRawMode, isRawModeSupported]);

	return <KeypressContext.Provider value={registry}>{props.children}</KeypressContext.Provider>;
}

/** True inside a KeypressProvider (the explorer adds its own when mounted alone). */
export function useHasKeypressProvider(): boolean {
	return useContext(KeypressContext) !== undefined;
}

/** Subscribe to key presses at a priority. The latest handler is always used (no re-registration). */
export function useKeypress(handler: KeyHandler, options: {priority: KeyPriority; isActive?: boolean}): void {
	const registry = useContext(KeypressContext);
	if (!registry) throw new Error('useKeypress must be used inside <KeypressProvider>');
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	const activeRef = useRef(options.isActive ?? true);
	activeRef.current = options.isActive ?? true;
	// Layout effect: a modal takes keys from the very next key press after it renders.
	useLayoutEffect(() => registry.register({priority: options.priority, handler: handlerRef, active: activeRef}), [registry, options.priority]);
}

function ignorePaste(): void {
	// Pastes arrive through our own parser (KeypressProvider's 'data' listener).
}

const NO_KEY: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/** The Ink-style `Key` flags of a parsed key (for handlers that read them, e.g. editText). */
function inkKey(parsed: ParsedKey): Key {
	const base = parsed.name.replace(/^(ctrl\+|alt\+|shift\+)+/, '');
	const named = parsed.input === '';
	return {
		...NO_KEY,
		upArrow: named && base === 'up',
		downArrow: named && base === 'down',
		leftArrow: named && base === 'left',
		rightArrow: named && base === 'right',
		pageDown: named && base === 'pagedown',
		pageUp: named && base === 'pageup',
		home: named && base === 'home',
		end: named && base === 'end',
		return: named && base === 'enter',
		escape: named && base === 'esc',
		tab: named && base === 'tab',
		backspace: named && base === 'backspace',
		delete: named && base === 'delete',
		ctrl: parsed.ctrl,
		shift: parsed.shift,
		meta: parsed.meta,
	};
}

export function toKeyEvent(event: InputEvent): KeyEvent {
	if (event.kind === 'paste') return {name: 'paste', input: pasteAsLine(event.text), key: NO_KEY, paste: true};
	return {name: event.key.name, input: event.key.input, key: inkKey(event.key)};
}
