/**
 * A fixed-width text progress bar ("██████░░░░"). Meaning is carried by the counts next to it;
 * colour only adds.
 */
import {Text} from '../components/text.js';
import {useTheme} from '../theme.js';

export function progressCells(done: number, total: number, width: number): number {
	if (width <= 0) return 0;
	if (total <= 0) return 0;
	return Math.max(0, Math.min(width, Math.round((done / total) * width)));
}

export function ProgressBar(props: {done: number; total: number; width: number; finished?: boolean}) {
	const theme = useTheme();
	const filled = props.finished ? props.width : progressCells(props.done, props.total, props.width);
	return (
		<Text>
			<Text color={props.finished ? theme.status.ok : theme.accent}>{'█'.repeat(filled)}</Text>
			<Text color={theme.text.muted}>{'░'.repeat(props.width - filled)}</Text>
		</Text>
	);
}
