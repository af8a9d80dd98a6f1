/**
 * A read-only pane of wrapped lines in the modal slot (the describe pane `d`, the Problems list
 * `P`): j/k or ↑/↓ scroll, Esc/q/Enter close. Lines are wrapped to the frame, never cut off.
 */
import {useState} from 'react';
import {Text} from '../../components/text.js';
import {toneColor} from '../../components/table.js';
import {useKeypress} from '../../keys/keypress.js';
import {useTheme} from '../../theme.js';
import {wrapLines, type PlanLine} from '../../changes/plan-lines.js';
import {ModalFrame} from './modal-frame.js';

export function TextPane(props: {title: string; lines: readonly PlanLine[]; width: number; height: number; onClose: () => void; closeKeys?: readonly string[]}) {
	const theme = useTheme();
	const [top, setTop] = useState(0);
	// Border and padding take 4 columns; border, title and hint take 4 lines.
	const lines = wrapLines(props.lines, props.width - 4);
	const bodyRows = Math.max(1, props.height - 4);
	const maxTop = Math.max(0, lines.length - bodyRows);
	const scroll = (by: number) => setTop(t => Math.min(maxTop, Math.max(0, t + by)));
	useKeypress(
		event => {
			if (event.name === 'ctrl+c') return false;
			const name = event.name;
			if (name === 'esc' || name === 'q' || name === 'enter' || props.closeKeys?.includes(name)) props.onClose();
			else if (name === 'j' || name === 'down') scroll(1);
			else if (name === 'k' || name === 'up') scroll(-1);
			else if (name === 'pagedown' || name === 'space') scroll(bodyRows);
			else if (name === 'pageup') scroll(-bodyRows);
			return true;
		},
		{priority: 'modal'},
	);
	const shown = lines.slice(top, top + bodyRows);
	const more = lines.length > bodyRows ? `  ${top + 1}–${Math.min(lines.length, top + bodyRows)} of ${lines.length}, j/k scroll` : '';
	return (
		<ModalFrame title={props.title} width={props.width} height={props.height} hint={`Esc close${more}`}>
			{shown.map((line, index) => (
				<Text key={`${top + index}`} wrap="truncate" bold={line.tone === 'title'} color={line.tone === 'title' || line.tone === 'normal' ? undefined : toneColor(theme, line.tone === 'request' ? 'accent' : line.tone)}>
					{line.text}
				</Text>
			))}
		</ModalFrame>
	);
}
