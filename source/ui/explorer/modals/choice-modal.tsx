/**
 * A small choice dialog: one key per option, Esc cancels. Used by export (CSV or JSON); the
 * changes feature can reuse it for simple questions.
 */
import {Text} from '../../components/text.js';
import {useKeypress} from '../../keys/keypress.js';
import {useTheme} from '../../theme.js';
import {ModalFrame} from './modal-frame.js';
import {wrapLines} from '../../changes/plan-lines.js';

export interface Choice {
	key: string;
	label: string;
}

export function ChoiceModal(props: {title: string; message?: string; choices: Choice[]; width: number; onChoose: (key: string) => void; onCancel: () => void}) {
	const theme = useTheme();
	useKeypress(
		event => {
			if (event.name === 'ctrl+c') return false; // quitting still works
			if (event.name === 'esc' || event.name === 'q') {
				props.onCancel();
				return true;
			}
			const choice = props.choices.find(c => c.key === event.name);
			if (choice) props.onChoose(choice.key);
			return true; // a modal swallows every key
		},
		{priority: 'modal'},
	);
	const width = Math.min(props.width, 60);
	// The message wraps inside the frame (border and padding take 4 columns): never cut off.
	const message = props.message ? wrapLines([{text: props.message, tone: 'normal'}], width - 4) : [];
	const height = 4 + message.length + props.choices.length;
	return (
		<ModalFrame title={props.title} width={width} height={height} hint="Esc cancel">
			{message.map((line, index) => (
				<Text key={`m${index}`} wrap="truncate">
					{line.text}
				</Text>
			))}
			{props.choices.map(choice => (
				<Text key={choice.key} wrap="truncate">
					<Text bold color={theme.key}>
						{choice.key}
					</Text>
					{`  ${choice.label}`}
				</Text>
			))}
		</ModalFrame>
	);
}
