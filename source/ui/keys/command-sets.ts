/**
 * Every key command of the explorer, in one list. A feature that adds keys (e.g. grant/revoke)
 * exports a KeyCommand[] and adds one entry here; the footer, the `?` overlay and
 * docs/keybindings.md pick it up.
 */
import {actionCommands} from '../explorer/commands/action-commands.js';
import {navigationCommands} from '../explorer/commands/navigation-commands.js';
import type {KeyCommand} from './registry.js';

export const COMMAND_SETS: readonly (readonly KeyCommand[])[] = [navigationCommands, actionCommands];

export function explorerCommands(extra: readonly KeyCommand[] = []): KeyCommand[] {
	return [...COMMAND_SETS.flat(), ...extra];
}
