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
import {headerStatusParts, type StatusPart} from './header-status.js';
import {wrapLines} from '../changes/plan-lines.js';

function partColor(theme: Theme, tone: StatusPart['tone']): ThemeColor {
	return tone === 'ok' ? theme.status.ok : tone === 'info' ? theme.status.info : tone === 'warn' ? theme.status.warn : theme.status.error;
}

/** Re-render every `ms` so "synced 3 min ago" stays true. */
function useNow(ms: number): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), ms);
		timer.unref?.();
		return () => clearInterval(timer);
	}, [ms]);
	return now;
}

const joined = (list: readonly StatusPart[]) => displayWidth(list.map(part => part.text).join(' · '));
const shortened = (list: readonly StatusPart[], keeps: readonly number[]) => list.map(part => (keeps.includes(part.keep) && part.short ? {...part, text: part.short} : part));

/** The status forms a header tries, longest first: all in full, the problems marker short, the sync and budget compact, without the problems marker. */
export function statusForms(parts: readonly StatusPart[]): StatusPart[][] {
	const compact = shortened(parts, [2, 1, 0]);
	return [[...parts], shortened(parts, [2]), compact, compact.filter(part => part.keep !== 2)];
}

/**
 * Fit the status parts into `room` cells: the problems marker shortens ("!1 (P)"), the sync and
 * budget take their compact forms, the marker goes; only then the sync text is cut, the budget last.
 */
export function fitStatusParts(parts: StatusPart[], room: number): StatusPart[] {
	let list = statusForms(parts).find(form => joined(form) <= room) ?? statusForms(parts).at(-1)!;
	for (const keep of [1, 0]) {
		const over = joined(list) - room;
		if (over <= 0) break;
		list = list.map(part => (part.keep === keep ? {...part, text: truncateToWidth(part.text, Math.max(keep === 1 ? 8 : 6, displayWidth(part.text) - over))} : part));
	}
	return list;
}

export const Header = memo(function Header(props: {crumbs: string[]; status: BackendStatus; width: number; problems?: number}) {
	const theme = useTheme();
	const {status, width} = props;
	const now = useNow(15_000);
	const badges = [status.demo ? 'DEMO' : undefined, status.readOnly ? 'READ-ONLY' : undefined].filter((b): b is string => !!b);
	// Badges come first and are never truncated: a long status message must not hide that this is the demo.
	const crumbText = props.crumbs.join(' › ');
	const {parts, badgeText: shownBadges} = fitHeader(displayWidth(crumbText), badges, headerStatusParts(status, now, props.problems ?? 0), width);
	const badgeRoom = shownBadges ? displayWidth(shownBadges) + 1 : 0;
	const rightWidth = badgeRoom + displayWidth(parts.map(part => part.text).join(' · '));
	const crumbs = truncateStart(crumbText, Math.max(1, width - rightWidth - 2));
	const gap = Math.max(1, width - displayWidth(crumbs) - rightWidth);
	return (
		<Text wrap="truncate">
			<Text bold color={theme.accent}>
				{crumbs}
			</Text>
			{' '.repeat(gap)}
			{shownBadges ? (
				<Text bold color={theme.status.warn}>
					{shownBadges}{' '}
				</Text>
			) : null}
			{parts.map((part, index) => (
				<Text key={part.text}>
					{index > 0 ? ' · ' : ''}
					<Text color={partColor(theme, part.tone)}>{part.text}</Text>
				</Text>
			))}
		</Text>
	);
});

/** The breadcrumb gives way to the status down to this many cells ("…› api-gateway"). */
const CRUMB_MIN = 14;

/**
 * The header's status and badges for a width, giving way in this order: the problems marker
 * shortens ("!1 (P)"), the breadcrumb is cut to CRUMB_MIN (it otherwise keeps up to 30% of the
 * width), "[READ-ONLY]" becomes "[RO]", the sync age and budget take their compact forms
 * ("synced 12m ago", "543 left"), the marker goes; the status is cut only when even that does not fit.
 */
export function fitHeader(crumbWidth: number, badges: readonly string[], parts: StatusPart[], width: number): {parts: StatusPart[]; badgeText: string} {
	const badgeSets = [badges.map(badge => `[${badge}]`).join(' '), badges.map(badge => `[${badge === 'READ-ONLY' ? 'RO' : badge}]`).join(' ')];
	const reserves = [Math.min(crumbWidth, Math.floor(width * 0.3)), Math.min(crumbWidth, CRUMB_MIN)];
	const room = (badgeText: string, reserve: number) => Math.max(1, width - reserve - 2 - (badgeText ? displayWidth(badgeText) + 1 : 0));
	const [full, shortMarker, compact, noMarker] = statusForms(parts) as [StatusPart[], StatusPart[], StatusPart[], StatusPart[]];
	const tries: [StatusPart[], number, number][] = [
		[full, 0, 0],
		[shortMarker, 0, 0],
		[shortMarker, 0, 1],
		[shortMarker, 1, 1],
		[compact, 1, 1],
		[noMarker, 1, 1],
	];
	for (const [form, badgeIndex, reserveIndex] of tries) {
		const badgeText = badgeSets[badgeIndex]!;
		if (joined(form) <= room(badgeText, reserves[reserveIndex]!)) return {parts: form, badgeText};
	}
	const badgeText = badgeSets.at(-1)!;
	return {parts: fitStatusParts(parts, room(badgeText, reserves.at(-1)!)), badgeText};
}

/** Keep the end of a path (the current view) when it does not fit: "…› acme › api-gateway". */
function truncateStart(text: string, width: number): string {
	if (displayWidth(text) <= width) return text;
	const chars = [...text];
	while (chars.length > 0 && displayWidth(chars.join('')) > width - 1) chars.shift();
	return `…${chars.join('')}`;
}

export interface TabInfo {
	title: string;
	count: number;
}

/**
 * The tab labels that fit `room`: full ("2 Repositories 12"), then shortened ("2 Repo… 12"),
 * then the active one in full and the others as numbers, then numbers only. Never dropped.
 */
export function tabLabels(tabs: readonly TabInfo[], index: number, room: number): string[] {
	if (tabs.length <= 1) return tabs.map(tab => `${tab.title} ${formatCount(tab.count)}`);
	const fits = (labels: string[]) => displayWidth(labels.join('  ')) <= room;
	const short = (title: string) => ([...title].length > 6 ? `${[...title].slice(0, 4).join('')}…` : title);
	const candidates = [
		tabs.map((tab, i) => `${i + 1} ${tab.title} ${formatCount(tab.count)}`),
		tabs.map((tab, i) => `${i + 1} ${short(tab.title)} ${formatCount(tab.count)}`),
		tabs.map((tab, i) => (i === index ? `${i + 1} ${tab.title} ${formatCount(tab.count)}` : `${i + 1}`)),
		tabs.map((tab, i) => (i === index ? `${i + 1} ${short(tab.title)}` : `${i + 1}`)),
	];
	return candidates.find(fits) ?? tabs.map((_tab, i) => `${i + 1}`);
}

/**
 * The tab labels and the indicator form: the longest form shown whole beside the tabs (laid out as
 * for that form), else the shortest, cut. The filter and the sort are in every form.
 */
export function tabRow(tabs: readonly TabInfo[], index: number, width: number, forms: readonly string[]): {labels: string[]; indicator: string} {
	const layout = (form: string) => {
		const labels = tabLabels(tabs, index, Math.max(8, width - Math.min(displayWidth(form), Math.floor(width / 2)) - 2));
		return {labels, room: Math.max(0, width - displayWidth(labels.join('  ')) - 2)};
	};
	for (const form of forms) {
		const {labels, room} = layout(form);
		if (displayWidth(form) <= room) return {labels, indicator: form};
	}
	const last = forms[forms.length - 1] ?? '';
	const {labels, room} = layout(last);
	return {labels, indicator: truncateToWidth(last, room)};
}

export const Tabs = memo(function Tabs(props: {tabs: TabInfo[]; index: number; indicator: string; shortIndicator?: string; minimalIndicator?: string; width: number}) {
	const theme = useTheme();
	const {tabs, index, width} = props;
	const {labels, indicator} = tabRow(tabs, index, width, [props.indicator, props.shortIndicator ?? props.indicator, props.minimalIndicator ?? props.indicator]);
	const tabsWidth = displayWidth(labels.join('  '));
	const gap = Math.max(1, width - tabsWidth - displayWidth(indicator));
	return (
		<Text wrap="truncate">
			{labels.map((label, i) => {
				const active = i === index;
				return (
					<Text key={`${i}:${label}`}>
						{i > 0 ? '  ' : ''}
						<Text bold={active} underline={active && tabs.length > 1} color={active ? theme.accent : theme.text.secondary}>
							{label}
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

/** The footer shows at most this many hints, as many as fit (`?` help lists the rest); `r` and its price come last. */
const MAX_HINTS = 7;

/** A flash takes at most this many lines; the table gives them up while it shows. */
export const MAX_FLASH_LINES = 3;

/**
 * The flash as lines that fit `width`: wrapped (breaking after a space or a slash) so a path, a URL
 * or the reason a key cannot act is shown whole at 80 columns, cut with "…" only past
 * MAX_FLASH_LINES. No flash: no lines.
 */
export function flashLines(flash: Pick<Flash, 'level' | 'text'> | undefined, width: number): string[] {
	if (!flash) return [];
	const prefix = flash.level === 'error' ? 'Error: ' : flash.level === 'warn' ? 'Note: ' : '';
	const lines = wrapLines([{text: prefix + flash.text, tone: 'normal'}], Math.max(1, width)).map(line => line.text);
	if (lines.length <= MAX_FLASH_LINES) return lines.map(line => truncateToWidth(line, width));
	const kept = lines.slice(0, MAX_FLASH_LINES - 1);
	// The rest joins the last line (continuation lines carry a two-space indent) and is cut there.
	const rest = `  ${lines.slice(MAX_FLASH_LINES - 1).map(line => line.slice(2)).join('')}`;
	return [...kept, rest].map(line => truncateToWidth(line, width));
}

export const Footer = memo(function Footer(props: {hints: Hint[]; flash: Flash | undefined; width: number}) {
	const theme = useTheme();
	const {flash, width} = props;
	if (flash) {
		const color = flash.level === 'error' ? theme.status.error : flash.level === 'warn' ? theme.status.warn : theme.status.info;
		return (
			<Box flexDirection="column">
				{flashLines(flash, width).map((line, index) => (
					<Text key={index} wrap="truncate" color={color}>
						{line}
					</Text>
				))}
			</Box>
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
