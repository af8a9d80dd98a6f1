/**
 * Turns Ink's (input, key) pair into one stable key name, the vocabulary of the key registry:
 * printable characters as themselves ("j", "G", "/", "?"), and named keys as
 * "up", "down", "left", "right", "pageup", "pagedown", "home", "end", "enter", "esc",
 * "tab", "shift+tab", "backspace", "delete", "space", "ctrl+<letter>".
 */
import type {Key} from 'ink';

export function keyName(input: string, key: Key): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'esc';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.backspace) return 'backspace';
	if (key.delete) return 'delete';
	if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
	if (input === ' ') return 'space';
	return input;
}

/** True for a key that types text into a prompt (a printable character or a paste). */
export function isPrintable(input: string, key: Key): boolean {
	return input.length > 0 && !key.ctrl && !key.meta && !/[\u0000-\u001f\u007f]/.test(input);
}

/** How a key name is shown in hints, help and docs. */
export function displayKey(name: string): string {
	switch (name) {
		case 'up':
			return '↑';
		case 'down':
			return '↓';
		case 'left':
			return '←';
		case 'right':
			return '→';
		case 'pageup':
			return 'PgUp';
		case 'pagedown':
			return 'PgDn';
		case 'home':
			return 'Home';
		case 'end':
			return 'End';
		case 'enter':
			return 'Enter';
		case 'esc':
			return 'Esc';
		case 'tab':
			return 'Tab';
		case 'shift+tab':
			return 'Shift-Tab';
		case 'space':
			return 'Space';
		default:
			return name.startsWith('ctrl+') ? `Ctrl-${name.slice(5).toUpperCase()}` : name;
	}
}
