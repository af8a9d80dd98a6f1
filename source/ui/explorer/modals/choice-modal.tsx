/**
 * A small choice dialog: one key per option, Esc cancels. Used by export (CSV or JSON); the
 * changes feature can reuse it for simple questions.
 */
import {Text} from '../../components/text.js';
import {useKeypress} from '../../keys/keypress.js';
import {useTheme} from '../../theme.js';
import {ModalFrame} from './modal-frame.js';

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
	const height = 4 + (props.message ? 1 : 0) + props.choices.length;
	return (
		<ModalFrame title={props.title} width={Math.min(props.width, 60)} height={height} hint="Esc cancel">
			{props.message ? <Text wrap="truncate">{props.message}</Text> : null}
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
