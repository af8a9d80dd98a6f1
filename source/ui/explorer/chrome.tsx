/**
 * The explorer's fixed lines: header (breadcrumbs + connection), section tabs with the
 * "12 of 3,000" indicator, notice line (with spinner), and the footer (flash or key hints).
 * Each is memoised so a cursor move re-renders only the table lines that change.
 */
import {memo, useEffect, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {BackendStatus} from '../../core/backend.js';
import {displayWidth, formatCount, truncateToWidth} from '../components/text-width.js';
import {displayKey} from '../keys/key-names.js';
import {useTheme, type Theme, type ThemeColor} from '../theme.js';
import type {Flash} from './explorer-state.js';
import type {Notice} from './screens/index.js';

function statusColor(theme: Theme, state: BackendStatus['state']): ThemeColor {
	switch (state) {
		case 'connected':
			return theme.status.ok;
		case 'syncing':
			return theme.status.info;
		case 'partial':
			return theme.status.warn;
		case 'offline':
		case 'error':
			return theme.status.error;
	}
}

export const Header = memo(function Header(props: {crumbs: string[]; status: BackendStatus; width: number}) {
	const theme = useTheme();
	const {status, width} = props;
	const badges = [status.demo ? 'DEMO' : undefined, status.readOnly ? 'READ-ONLY' : undefined].filter((b): b is string => !!b);
	// Badges come first and are never truncated: a long status message must not hide that this is the demo.
	const badgeText = badges.map(badge => `[${badge}]`).join(' ');
	const requests = status.requestsUsed > 0 ? ` · ${status.requestsUsed.toLocaleString('en-US')} req${status.budgetLeft !== undefined ? ` (${status.budgetLeft.toLocaleString('en-US')} left)` : ''}` : '';
	const maxRight = Math.max(10, Math.floor(width * 0.5));
	const badgeRoom = badgeText ? displayWidth(badgeText) + 1 : 0;
	const message = truncateToWidth(`${status.message}${requests}`, Math.max(1, maxRight - badgeRoom));
	const rightWidth = badgeRoom + displayWidth(message);
	const crumbs = truncateToWidth(props.crumbs.join(' › '), Math.max(1, width - rightWidth - 3));
	const gap = Math.max(1, width - displayWidth(crumbs) - rightWidth);
	return (
		<Text wrap="truncate">
			<Text bold color={theme.accent}>
				{crumbs}
			</Text>
			{' '.repeat(gap)}
			{badgeText ? (
				<Text bold color={theme.status.warn}>
					{badgeText}{' '}
				</Text>
			) : null}
			<Text color={statusColor(theme, status.state)}>{message}</Text>
		</Text>
	);
});

export interface TabInfo {
	title: string;
	count: number;
}

export const Tabs = memo(function Tabs(props: {tabs: TabInfo[]; index: number; indicator: string; width: number}) {
	const theme = useTheme();
	const {tabs, index, indicator, width} = props;
	const room = Math.max(0, width - displayWidth(indicator) - 1);
	const parts = tabs.map((tab, i) => (tabs.length > 1 ? `${i + 1} ${tab.title} ${formatCount(tab.count)}` : `${tab.title} ${formatCount(tab.count)}`));
	// Narrow: show only the active tab's label (still numbered).
	const full = parts.join('  ');
	const compact = displayWidth(full) + 2 > room;
	const gap = Math.max(1, width - (compact ? displayWidth(parts[index] ?? '') : displayWidth(full)) - displayWidth(indicator));
	return (
		<Text wrap="truncate">
			{parts.map((part, i) => {
				if (compact && i !== index) return null;
				const active = i === index;
				return (
					<Text key={part}>
						{!compact && i > 0 ? '  ' : ''}
						<Text bold={active} underline={active && tabs.length > 1} color={active ? theme.accent : theme.text.secondary}>
							{compact ? truncateToWidth(part, room) : part}
						</Text>
					</Text>
				);
			})}
			{' '.repeat(gap)}
			<Text color={theme.text.secondary}>{indicator}</Text>
		</Text>
	);
});

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Spinner() {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame(f => (f + 1) % SPINNER.length), 100);
		return () => clearInterval(timer);
	}, []);
	return <Text>{SPINNER[frame]}</Text>;
}

export const NoticeLine = memo(function NoticeLine(props: {notice: Notice}) {
	const theme = useTheme();
	const {notice} = props;
	const color = notice.tone === 'error' ? theme.status.error : notice.tone === 'warn' ? theme.status.warn : theme.status.info;
	return (
		<Text wrap="truncate" color={color}>
			{notice.busy ? <Spinner /> : notice.tone === 'info' ? 'i' : '!'} {notice.text}
		</Text>
	);
});

export interface Hint {
	key: string;
	label: string;
}

/** The footer shows at most this many hints (`?` help lists the rest). */
const MAX_HINTS = 6;

export const Footer = memo(function Footer(props: {hints: Hint[]; flash: Flash | undefined; width: number}) {
	const theme = useTheme();
	const {flash, width} = props;
	if (flash) {
		const color = flash.level === 'error' ? theme.status.error : flash.level === 'warn' ? theme.status.warn : theme.status.info;
		const prefix = flash.level === 'error' ? 'Error: ' : flash.level === 'warn' ? 'Note: ' : '';
		return (
			<Text wrap="truncate" color={color}>
				{truncateToWidth(prefix + flash.text, width)}
			</Text>
		);
	}
	// "? help" is pinned to the right; the other hints fill the line in order.
	const help = props.hints.find(hint => hint.key === '?');
	const helpText = help ? `${displayKey(help.key)} ${help.label}` : '';
	const room = width - (help ? displayWidth(helpText) + 2 : 0);
	const shown: Hint[] = [];
	let used = 0;
	for (const hint of props.hints) {
		if (hint === help) continue;
		if (shown.length >= MAX_HINTS - (help ? 1 : 0)) break;
		const w = displayWidth(displayKey(hint.key)) + 1 + displayWidth(hint.label) + (shown.length > 0 ? 2 : 0);
		if (used + w > room) break;
		shown.push(hint);
		used += w;
	}
	const gap = Math.max(2, width - used - displayWidth(helpText));
	return (
		<Box>
			<Text wrap="truncate">
				{shown.map((hint, i) => (
					<Text key={hint.key}>
						{i > 0 ? '  ' : ''}
						<Text bold color={theme.key}>
							{displayKey(hint.key)}
						</Text>
						<Text color={theme.text.secondary}>{` ${hint.label}`}</Text>
					</Text>
				))}
				{help ? (
					<Text>
						{' '.repeat(gap)}
						<Text bold color={theme.key}>
							{displayKey(help.key)}
						</Text>
						<Text color={theme.text.secondary}>{` ${help.label}`}</Text>
					</Text>
				) : null}
			</Text>
		</Box>
	);
});
