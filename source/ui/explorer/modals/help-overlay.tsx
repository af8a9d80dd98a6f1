/**
 * The `?` overlay: every command of the registry active in this view, grouped, with its keys.
 * Scrolls with j/k when taller than the screen; Esc, ? or q closes.
 */
import {useState} from 'react';
import {Text} from '../../components/text.js';
import {useKeypress} from '../../keys/keypress.js';
import {displayKey, isPrintable} from '../../keys/key-names.js';
import {KEY_GROUPS, activeIn, type KeyCommand} from '../../keys/registry.js';
import {fitToWidth} from '../../components/text-width.js';
import {useTheme} from '../../theme.js';
import type {ViewKind} from '../view-ref.js';
import {ModalFrame} from './modal-frame.js';

export interface HelpLine {
	kind: 'group' | 'key';
	text: string;
	keys?: string;
	disabled?: string;
}

export function helpLines(commands: readonly KeyCommand[], view: ViewKind, disabledReason: (command: KeyCommand) => string | undefined): HelpLine[] {
	const lines: HelpLine[] = [];
	for (const group of KEY_GROUPS) {
		const inGroup = commands.filter(command => command.group === group && activeIn(command, view));
		if (inGroup.length === 0) continue;
		lines.push({kind: 'group', text: group});
		for (const command of inGroup) {
			lines.push({kind: 'key', keys: command.keys.map(displayKey).join(' '), text: command.description + (command.destructive ? ' (changes Bitbucket)' : ''), disabled: disabledReason(command)});
		}
	}
	return lines;
}

/** Lines whose keys or text contain `query` (case-insensitive), with their group headers. */
export function filterHelpLines(lines: HelpLine[], query: string): HelpLine[] {
	const needle = query.trim().toLowerCase();
	if (needle === '') return lines;
	const out: HelpLine[] = [];
	let header: HelpLine | undefined;
	for (const line of lines) {
		if (line.kind === 'group') {
			header = line;
			continue;
		}
		if (!`${line.keys ?? ''} ${line.text}`.toLowerCase().includes(needle)) continue;
		if (header) {
			out.push(header);
			header = undefined;
		}
		out.push(line);
	}
	return out;
}

export function HelpOverlay(props: {lines: HelpLine[]; width: number; height: number; onClose: () => void}) {
	const theme = useTheme();
	const [top, setTop] = useState(0);
	const [query, setQuery] = useState('');
	const [typing, setTyping] = useState(false);
	const lines = filterHelpLines(props.lines, query);
	const bodyRows = Math.max(1, props.height - 4);
	const maxTop = Math.max(0, lines.length - bodyRows);
	const scroll = (to: (t: number) => number) => setTop(t => Math.min(maxTop, Math.max(0, to(t))));
	useKeypress(
		event => {
			if (event.name === 'ctrl+c') return false; // quitting still works
			if (typing) {
				// `/` filter: Enter keeps it, Esc drops it.
				if (event.name === 'enter') setTyping(false);
				else if (event.name === 'esc') {
					setQuery('');
					setTyping(false);
				} else if (event.name === 'backspace' || event.name === 'delete') setQuery(q => [...q].slice(0, -1).join(''));
				else if (event.name === 'down') scroll(t => t + 1);
				else if (event.name === 'up') scroll(t => t - 1);
				else if (isPrintable(event.input, event.key)) setQuery(q => q + event.input);
				if (event.name !== 'down' && event.name !== 'up') setTop(0);
				return true;
			}
			switch (event.name) {
				case '/':
					setTyping(true);
					setTop(0);
					break;
				case 'esc':
					if (query !== '') {
						setQuery('');
						setTop(0);
					} else props.onClose();
					break;
				case '?':
				case 'q':
				case 'enter':
					props.onClose();
					break;
				case 'j':
				case 'down':
					scroll(t => t + 1);
					break;
				case 'k':
				case 'up':
					scroll(t => t - 1);
					break;
				case 'pagedown':
				case 'space':
					scroll(t => t + bodyRows);
					break;
				case 'pageup':
					scroll(t => t - bodyRows);
					break;
				default:
					break;
			}
			return true; // a modal swallows every other key
		},
		{priority: 'modal'},
	);
	const keyWidth = Math.min(18, Math.max(6, ...props.lines.filter(l => l.kind === 'key').map(l => (l.keys ?? '').length)));
	const shown = lines.slice(top, top + bodyRows);
	const more = lines.length > bodyRows ? `  ${top + 1}–${Math.min(lines.length, top + bodyRows)} of ${lines.length}, j/k scroll` : '';
	const title = typing || query !== '' ? `Keys  /${query}${typing ? '▏' : ''}` : 'Keys';
	const hint = typing ? `Enter keep filter  Esc drop it${more}` : `Esc ${query !== '' ? 'clear filter' : 'close'}  / filter${more}`;
	return (
		<ModalFrame title={title} width={props.width} height={props.height} hint={hint}>
			{shown.length === 0 ? <Text color={theme.text.secondary}>No key matches “{query}”.</Text> : null}
			{shown.map((line, index) =>
				line.kind === 'group' ? (
					<Text key={`g${top + index}`} bold color={theme.text.secondary} wrap="truncate">
						{line.text}
					</Text>
				) : (
					<Text key={`k${top + index}`} wrap="truncate" dimColor={line.disabled !== undefined && theme.color}>
						<Text bold color={theme.key}>
							{fitToWidth(line.keys ?? '', keyWidth)}
						</Text>
						{`  ${line.text}`}
						{line.disabled ? <Text color={theme.text.muted}>{` — ${line.disabled}`}</Text> : null}
					</Text>
				),
			)}
		</ModalFrame>
	);
}
