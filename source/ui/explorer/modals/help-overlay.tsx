/**
 * The `?` overlay: every command of the registry active in this view, grouped, with its keys.
 * Scrolls with j/k when taller than the screen; Esc, ? or q closes.
 */
import {useState} from 'react';
import {Text} from 'ink';
import {useKeypress} from '../../keys/keypress.js';
import {displayKey} from '../../keys/key-names.js';
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

export function HelpOverlay(props: {lines: HelpLine[]; width: number; height: number; onClose: () => void}) {
	const theme = useTheme();
	const [top, setTop] = useState(0);
	const bodyRows = Math.max(1, props.height - 4);
	const maxTop = Math.max(0, props.lines.length - bodyRows);
	useKeypress(
		event => {
			switch (event.name) {
				case 'ctrl+c':
					return false; // quitting still works
				case 'esc':
				case '?':
				case 'q':
				case 'enter':
					props.onClose();
					break;
				case 'j':
				case 'down':
					setTop(t => Math.min(maxTop, t + 1));
					break;
				case 'k':
				case 'up':
					setTop(t => Math.max(0, t - 1));
					break;
				case 'pagedown':
				case 'space':
					setTop(t => Math.min(maxTop, t + bodyRows));
					break;
				case 'pageup':
					setTop(t => Math.max(0, t - bodyRows));
					break;
				default:
					break;
			}
			return true;
		},
		{priority: 'modal'},
	);
	const keyWidth = Math.min(18, Math.max(6, ...props.lines.filter(l => l.kind === 'key').map(l => (l.keys ?? '').length)));
	const shown = props.lines.slice(top, top + bodyRows);
	const more = props.lines.length > bodyRows ? `  ${top + 1}–${Math.min(props.lines.length, top + bodyRows)} of ${props.lines.length}, j/k scroll` : '';
	return (
		<ModalFrame title="Keys" width={props.width} height={props.height} hint={`Esc close${more}`}>
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
