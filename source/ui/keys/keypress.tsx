/**
 * The one input dispatcher. KeypressProvider is the only component that calls Ink's useInput;
 * everything else registers with useKeypress(handler, {priority, isActive}). Handlers run from
 * the highest priority down (modal > prompt > view > global); within a priority the most
 * recently mounted runs first. A handler that returns true consumes the key.
 */
import {createContext, useCallback, useContext, useLayoutEffect, useMemo, useRef, type ReactNode} from 'react';
import {useInput, useStdin, type Key} from 'ink';
import {keyName} from './key-names.js';

export type KeyPriority = 'modal' | 'prompt' | 'view' | 'global';

const PRIORITY_ORDER: Record<KeyPriority, number> = {modal: 3, prompt: 2, view: 1, global: 0};

export interface KeyEvent {
	/** Normalised key name (see key-names.ts). */
	name: string;
	/** Raw input text from Ink (for prompts). */
	input: string;
	key: Key;
}

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
	const {isRawModeSupported} = useStdin();
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

	const onInput = useCallback((input: string, key: Key) => {
		const event: KeyEvent = {name: keyName(input, key), input, key};
		for (const registration of registrations.current) {
			if (!registration.active.current) continue;
			if (registration.handler.current(event)) return;
		}
	}, []);

	useInput(onInput, {isActive: isRawModeSupported});

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
