/**
 * A filterable pick list in a modal: type to filter (substring, case-insensitive, space-separated
 * terms all match), ↑/↓ to move, Enter to pick, Esc to cancel. Used for the principal, the
 * target, the group and the level of a change.
 */
import {useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import {useKeypress} from '../keys/keypress.js';
import {ModalFrame} from '../explorer/modals/modal-frame.js';
import {useTheme} from '../theme.js';
import {editText} from '../wizard/text-input.js';
import {displayWidth, fitToWidth} from '../components/text-width.js';
import {formatCount} from '../components/text-width.js';
import {wrapLines} from './plan-lines.js';

export interface PickItem<T> {
	key: string;
	label: string;
	/** Shown dimmed after the label (e.g. "group", "current: WRITE"). */
	detail?: string;
	/** Extra text the filter matches (uuids, ids). */
	search?: string;
	/** Why this item cannot be picked (shown instead of picking it, e.g. workspace owners cannot get grants). */
	disabled?: string;
	/** The reason as the row shows it when space is short (the hint line shows `disabled` in full, wrapped). */
	disabledShort?: string;
	value: T;
}

export function filterItems<T>(items: readonly PickItem<T>[], filter: string): PickItem<T>[] {
	const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
	if (terms.length === 0) return [...items];
	return items.filter(item => {
		const text = `${item.label} ${item.detail ?? ''} ${item.search ?? ''}`.toLowerCase();
		return terms.every(term => text.includes(term));
	});
}

export interface PickerProps<T> {
	title: string;
	items: readonly PickItem<T>[];
	width: number;
	height: number;
	/** Index of the item selected first (e.g. the current level). */
	initial?: number;
	empty?: string;
	onPick: (item: PickItem<T>) => void;
	onCancel: () => void;
}

export function Picker<T>(props: PickerProps<T>) {
	const theme = useTheme();
	const [filter, setFilter] = useState('');
	const [cursor, setCursor] = useState(props.initial ?? 0);
	const [refusal, setRefusal] = useState<string | undefined>();
	// Once done, let keys pass: the key handler is unregistered only after the next paint.
	const done = useRef(false);
	const shown = filterItems(props.items, filter);
	const index = Math.min(Math.max(0, cursor), Math.max(0, shown.length - 1));
	// A disabled row's reason in full, wrapped, in place of the hint while it is selected (or refused).
	const current = shown[index];
	const hintWidth = Math.max(10, props.width - 4);
	const hint = refusal ?? (current?.disabled ? `${current.label}: ${current.disabled}` : undefined);
	const hintLines = hint
		? wrapLines([{text: hint, tone: 'normal'}], hintWidth).map(line => line.text)
		: [`${formatCount(shown.length)} of ${formatCount(props.items.length)} · type to filter · ↑↓ move · Enter pick · Esc cancel`];
	const listHeight = Math.max(1, props.height - 4 - hintLines.length);
	const top = Math.max(0, Math.min(index - Math.floor(listHeight / 2), shown.length - listHeight));

	useKeypress(
		event => {
			if (done.current) return false;
			switch (event.name) {
				case 'esc':
					done.current = true;
					props.onCancel();
					return true;
				case 'enter': {
					const item = shown[index];
					if (item?.disabled) {
						setRefusal(`${item.label}: ${item.disabled}`);
						return true;
					}
					if (item) {
						done.current = true;
						props.onPick(item);
					}
					return true;
				}
				case 'up':
					setRefusal(undefined);
					setCursor(Math.max(0, index - 1));
					return true;
				case 'down':
					setRefusal(undefined);
					setCursor(Math.min(shown.length - 1, index + 1));
					return true;
				case 'pageup':
					setCursor(Math.max(0, index - listHeight));
					return true;
				case 'pagedown':
					setCursor(Math.min(shown.length - 1, index + listHeight));
					return true;
				default: {
					const next = editText(filter, event.input, event.key, {maxLength: 100});
					if (next !== undefined) {
						setFilter(next);
						setCursor(0);
						setRefusal(undefined);
					}
					return true; // a modal swallows every key
				}
			}
		},
		{priority: 'modal'},
	);

	// The label is a column: details (role, kind) line up.
	const visible = shown.slice(top, top + listHeight);
	const labelWidth = Math.min(Math.floor((props.width - 6) * 0.6), Math.max(0, ...visible.map(item => displayWidth(item.label))));
	const detailWidth = Math.max(0, ...visible.map(item => displayWidth(item.detail ?? '')));
	// The reason in full when the row has room for it, else its short form, else "cannot be picked".
	const reasonRoom = props.width - 4 - 2 - labelWidth - (detailWidth > 0 ? detailWidth + 2 : 0) - 4;
	const reasonOf = (item: PickItem<T>) =>
		[item.disabled ?? '', item.disabledShort ?? '', 'cannot be picked'].find(text => text !== '' && displayWidth(text) <= reasonRoom) ?? 'cannot be picked';
	return (
		<ModalFrame title={props.title} width={props.width} height={props.height} hint={hintLines} tone={refusal ? 'warn' : undefined}>
			<Text wrap="truncate">
				<Text color={theme.text.secondary}>Filter: </Text>
				{filter}
				<Text>█</Text>
			</Text>
			<Box flexDirection="column" height={listHeight} overflow="hidden">
				{shown.length === 0 ? (
					<Text color={theme.text.secondary}>{filter ? `Nothing matches "${filter}".` : (props.empty ?? 'Nothing to choose from.')}</Text>
				) : (
					visible.map((item, offset) => {
						const selected = top + offset === index;
						return (
							<Text key={item.key} wrap="truncate" dimColor={item.disabled !== undefined && !selected} color={selected ? theme.selection.foreground : undefined} backgroundColor={selected ? theme.selection.background : undefined}>
								{selected ? '› ' : '  '}
								{item.detail || item.disabled ? fitToWidth(item.label, labelWidth) : item.label}
								{item.detail ? <Text color={selected ? undefined : theme.text.secondary}>{`  ${item.disabled ? fitToWidth(item.detail, detailWidth) : item.detail}`}</Text> : null}
								{item.disabled ? <Text color={selected ? undefined : theme.text.muted}>{`  — ${reasonOf(item)}`}</Text> : null}
							</Text>
						);
					})
				)}
			</Box>
		</ModalFrame>
	);
}
