/**
 * The `/` filter and `:` command prompt. Takes keys at 'prompt' priority while open; the filter
 * applies as you type; arrows still move the list (they fall through to the view). A paste is
 * added as text (already one line: the input layer removes line breaks); it never submits.
 */
import {memo} from 'react';
import {Text} from '../components/text.js';
import {isPrintable} from '../keys/key-names.js';
import {useKeypress} from '../keys/keypress.js';
import {truncateToWidth} from '../components/text-width.js';
import {useTheme} from '../theme.js';
import type {PromptState} from './explorer-state.js';

export interface PromptCallbacks {
	/** Edit the prompt's text (filter: applied at once); applied to the latest text, not a stale copy. */
	onEdit: (edit: (text: string) => string) => void;
	onSubmit: (text: string) => void;
	onCancel: () => void;
	/** Tab / Shift-Tab in the command prompt. */
	onComplete: (direction: 1 | -1) => void;
}

const PASS_THROUGH = new Set(['up', 'down', 'pageup', 'pagedown', 'home', 'end']);

export function usePromptKeys(prompt: PromptState | undefined, callbacks: PromptCallbacks): void {
	useKeypress(
		event => {
			if (!prompt) return false;
			switch (event.name) {
				case 'esc':
					callbacks.onCancel();
					return true;
				case 'enter':
					callbacks.onSubmit(prompt.text);
					return true;
				case 'backspace':
				case 'delete':
					if (prompt.text === '') callbacks.onCancel();
					else callbacks.onEdit(text => [...text].slice(0, -1).join(''));
					return true;
				case 'ctrl+u':
					callbacks.onEdit(() => '');
					return true;
				case 'tab':
					if (prompt.kind === 'command') callbacks.onComplete(1);
					return true;
				case 'shift+tab':
					if (prompt.kind === 'command') callbacks.onComplete(-1);
					return true;
				case 'paste': {
					const pasted = event.input;
					if (pasted !== '') callbacks.onEdit(text => text + pasted);
					return true;
				}
				default:
					if (PASS_THROUGH.has(event.name)) return false;
					if (event.name === 'ctrl+c') return false;
					if (isPrintable(event.input, event.key)) {
						const typed = event.input;
						callbacks.onEdit(text => text + typed);
					}
					return true;
			}
		},
		{priority: 'prompt', isActive: prompt !== undefined},
	);
}

export const PromptLine = memo(function PromptLine(props: {prompt: PromptState; width: number; detail?: string}) {
	const theme = useTheme();
	const {prompt, width} = props;
	const lead = prompt.kind === 'filter' ? '/' : ':';
	const caseHint = prompt.kind === 'filter' ? (prompt.text !== prompt.text.toLowerCase() ? '  (case-sensitive)' : '') : '';
	const detail = props.detail ? `  ${props.detail}` : caseHint;
	return (
		<Text wrap="truncate">
			<Text bold color={theme.accent}>
				{lead}
			</Text>
			{truncateToWidth(prompt.text, Math.max(1, width - 3))}
			<Text inverse> </Text>
			<Text color={theme.text.secondary}>{detail}</Text>
		</Text>
	);
});
