/**
 * Every key command of the explorer, in one list. A feature that adds keys (e.g. grant/revoke)
 * exports a KeyCommand[] and adds one entry here; the footer, the `?` overlay and
 * docs/keybindings.md pick it up.
 */
import {changeCommands} from '../changes/change-commands.js';
import {actionCommands} from '../explorer/commands/action-commands.js';
import {navigationCommands} from '../explorer/commands/navigation-commands.js';
import {paneCommands} from '../explorer/commands/pane-commands.js';
import {reviewCommands} from '../review/review-commands.js';
import {journalCommands} from '../journal/journal-commands.js';
import type {KeyCommand} from './registry.js';

export const COMMAND_SETS: readonly (readonly KeyCommand[])[] = [navigationCommands, actionCommands, changeCommands, paneCommands, reviewCommands, journalCommands];

/** The built-in commands plus `extra`; a command in `extra` replaces a built-in one with the same id. */
export function explorerCommands(extra: readonly KeyCommand[] = []): KeyCommand[] {
	const replaced = new Set(extra.map(command => command.id));
	return [...COMMAND_SETS.flat().filter(command => !replaced.has(command.id)), ...extra];
}
