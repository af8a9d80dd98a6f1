/**
 * docs/keybindings.md, generated from the key registry (npm run docs:keys). A test fails when
 * the committed file differs from what this renders.
 */
import {VIEW_KINDS, type ViewKind} from '../explorer/view-ref.js';
import {displayKey} from './key-names.js';
import {KEY_GROUPS, type KeyCommand} from './registry.js';

const VIEW_NAMES: Record<ViewKind, string> = {
	workspaces: 'Workspaces',
	workspace: 'Workspace',
	group: 'Group',
	project: 'Project',
	repository: 'Repository',
	person: 'Person',
	'request-log': 'Request log',
	findings: 'Findings',
	changes: 'Changes',
	journal: 'Journal',
	'journal-entry': 'Journal entry',
};

function cell(text: string): string {
	return text.replace(/\|/g, '\\|');
}

export function renderKeybindingsMarkdown(commands: readonly KeyCommand[]): string {
	const lines: string[] = [
		'# Key bindings',
		'',
		'<!-- Generated from the key registry by `npm run docs:keys` (scripts/generate-keybindings.ts). Do not edit by hand. -->',
		'',
		'The explorer works like k9s: move with `j`/`k`, drill down with `Enter`, go back with `Esc`,',
		'filter with `/` and jump anywhere with `:`. `?` shows the keys of the current view. A key that',
		'cannot act right now says why in the footer instead of doing nothing.',
		'',
	];
	for (const group of KEY_GROUPS) {
		const inGroup = commands.filter(command => command.group === group);
		if (inGroup.length === 0) continue;
		lines.push(`## ${group}`, '', '| Keys | Action | Views | Id |', '|---|---|---|---|');
		for (const command of inGroup) {
			const keys = command.keys.map(key => `\`${displayKey(key)}\``).join(' ');
			const views = command.views ? command.views.map(view => VIEW_NAMES[view]).join(', ') : 'all';
			const description = command.description + (command.destructive ? ' (changes Bitbucket; off in read-only mode)' : '');
			lines.push(`| ${cell(keys)} | ${cell(description)} | ${views} | \`${command.id}\` |`);
		}
		lines.push('');
	}
	lines.push(
		'## Prompts',
		'',
		'| Keys | In the `/` filter and `:` command prompts |',
		'|---|---|',
		'| `Enter` | Keep the filter / run the command |',
		'| `Esc` | Clear the filter / cancel the command |',
		'| `Backspace` | Delete a character (on an empty prompt: close it) |',
		'| `Ctrl-U` | Clear the prompt |',
		'| `Tab` `Shift-Tab` | Complete the command word or the name (`:user dsc` → `:user dscully`); again for the next match |',
		'| `↑` `↓` `PgUp` `PgDn` | Keep moving in the list while the filter prompt is open |',
		'',
		'The filter is smart-case: an all-lower-case query ignores case, a query with a capital letter',
		'matches case exactly. Space-separated words must all match.',
		'',
		'Commands: `:user NAME`, `:repo NAME`, `:group NAME`, `:project KEY`, `:ws SLUG` (no name: the',
		'matching section of the current workspace; `:ws` alone: the workspace list), `:log`, `:findings`,',
		'`:changes` (since the previous kept snapshot) and `:changes ID` (since a chosen one, as `bbaccess diff --from ID`),',
		'`:journal`, `:journal ID`, `:help`, `:q`.',
		'',
		'## Typing and pasting',
		'',
		'Type ahead as fast as you like: every key is applied in order, also when several arrive at once',
		'(`jjj` moves three rows, `:repo api-gateway` and `Enter` typed in one go open it, a held key',
		'repeats without losing or repeating a step), and the screen shows the final state in one frame.',
		'Pasting (the terminal\'s bracketed paste) puts the text into the open `/` or `:` prompt or a',
		'typed confirmation, with line breaks removed; a paste never presses `Enter` and never confirms a',
		'change. Outside a prompt a paste is ignored ("paste ignored: open / or : first").',
		'`Esc` acts at once; `Alt` + a key (`Esc` and the key in one write) is a different key, not `Esc`',
		'followed by the key.',
		'',
		'In the `?` overlay, `/` filters the list of keys, `j`/`k` scroll, `Esc` clears the filter or closes it.',
		'Dialogs (export, load grants, changes) take every key while open; `Ctrl-C` still quits.',
		'',
		`Views: ${VIEW_KINDS.map(view => VIEW_NAMES[view]).join(', ')}.`,
		'',
	);
	return lines.join('\n');
}
