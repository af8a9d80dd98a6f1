/**
 * A minimal single-line text field for the wizard, without its own useInput: the screen's one
 * input handler calls editText() and renders <TextField/>. Handles typing, pasting (a pasted
 * chunk arrives as one string), backspace/delete (remove the last character) and Ctrl-U (clear).
 * Left/right editing is deliberately not supported: the cursor is always at the end.
 */
import {Text} from '../components/text.js';
import type {Key} from 'ink';
import {useTheme} from '../theme.js';

/** The new value after one input event, or undefined when the event is not an edit. */
export function editText(value: string, input: string, key: Key, {maxLength = 4096}: {maxLength?: number} = {}): string | undefined {
	if (key.backspace || key.delete) return value.slice(0, -1);
	if (key.ctrl && input === 'u') return '';
	if (key.ctrl || key.meta || key.return || key.tab || key.escape || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return undefined;
	if (input === '') return undefined;
	// Keep printable characters only; a paste may carry line breaks or bracketed-paste markers.
	const printable = input.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\[20[01]~/g, '');
	if (printable === '') return undefined;
	return (value + printable).slice(0, maxLength);
}

export interface TextFieldProps {
	value: string;
	/** Show "•" per character instead of the text (the token). */
	mask?: boolean;
	placeholder?: string;
	focused?: boolean;
}

const MASK_SHOWN = 24;

export function TextField({value, mask = false, placeholder, focused = true}: TextFieldProps) {
	const theme = useTheme();
	const cursor = focused ? '█' : '';
	if (value === '') {
		return (
			<Text>
				{cursor}
				<Text color={theme.text.muted}>{placeholder ?? ''}</Text>
			</Text>
		);
	}
	if (mask) {
		// Never echo the token; show how much arrived so a cut-off paste is noticeable.
		const dots = '•'.repeat(Math.min(value.length, MASK_SHOWN)) + (value.length > MASK_SHOWN ? '…' : '');
		return (
			<Text>
				{dots}
				{cursor}
				<Text color={theme.text.muted}>{`  (${value.length} characters)`}</Text>
			</Text>
		);
	}
	return (
		<Text>
			{value}
			{cursor}
		</Text>
	);
}
