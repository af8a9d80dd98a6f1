/**
 * The frame every modal draws in: a bordered box of at most the body's size, a title and a
 * hint line. Modals are rendered in the explorer's modal slot (in place of the body), so the
 * frame can never grow the screen.
 */
import type {ReactNode} from 'react';
import {Box} from 'ink';
import {Text} from '../../components/text.js';
import {useTheme} from '../../theme.js';

/**
 * `title` and `hint` may be several lines (a dialog that wraps them counts them in its body height).
 * They never shrink: when the body is taller than the frame, the body is cut, never the title
 * (a shrunk title line let the next one draw over it).
 */
export function ModalFrame(props: {title: string | readonly string[]; width: number; height: number; hint?: string | readonly string[]; tone?: 'info' | 'warn' | 'error'; children?: ReactNode}) {
	const theme = useTheme();
	const borderColor = props.tone === 'error' ? theme.status.error : props.tone === 'warn' ? theme.status.warn : theme.border;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={borderColor} width={props.width} height={props.height} paddingX={1} overflow="hidden">
			{(typeof props.title === 'string' ? [props.title] : props.title).map((line, index) => (
				<Box key={`title-${index}`} flexShrink={0}>
					<Text bold color={theme.accent} wrap="truncate">
						{line}
					</Text>
				</Box>
			))}
			<Box flexDirection="column" flexGrow={1} flexShrink={1} overflow="hidden">
				{props.children}
			</Box>
			{(typeof props.hint === 'string' ? [props.hint] : (props.hint ?? []))
				.filter(line => line !== '')
				.map((line, index) => (
					<Box key={`hint-${index}`} flexShrink={0}>
						<Text color={theme.text.secondary} wrap="truncate">
							{line}
						</Text>
					</Box>
				))}
		</Box>
	);
}
