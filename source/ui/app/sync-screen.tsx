/**
 * The sync screen, shown while there is nothing to explore yet: one progress bar per workspace
 * with its counts, requests used and budget left, and the status line "Syncing…" → "Connected"
 * (or "Partial: <reason>", or the failure with what to do next). The frame never exceeds `rows`.
 */
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {BackendStatus} from '../../core/backend.js';
import type {SyncProgress} from '../../core/sync/index.js';
import {useTheme, type Theme} from '../theme.js';
import {ProgressBar} from './progress-bar.js';
import {formatCount} from '../components/text-width.js';

export interface SyncScreenProps {
	status: BackendStatus;
	/** "admin@acme.test", shown in the header. */
	account?: string;
	/** API host, shown in the header. */
	apiUrl?: string;
	columns: number;
	rows: number;
	/** True once the sync ended and the explorer is about to open. */
	finished?: boolean;
}

const PHASE_LABELS: Record<SyncProgress['phase'], string> = {
	account: 'signing in',
	workspaces: 'listing workspaces',
	structure: 'step 1/2: members, groups, projects, repositories',
	'project-grants': 'step 2/2: project grants',
	'repository-grants': 'repository grants',
	done: 'done',
};

const LONGEST_LABEL = Math.max(...Object.values(PHASE_LABELS).map(label => label.length));

/** Lines the screen uses besides the workspace rows (header, status, counters, hints, spacing). */
const CHROME_LINES = 11;

export function SyncScreen(props: SyncScreenProps) {
	const theme = useTheme();
	const {status} = props;
	const columns = Math.max(40, props.columns);
	const progress = status.progress ?? [];
	const overall = progress.find(item => !item.workspace);
	const workspaces = progress.filter(item => item.workspace);
	const room = Math.max(1, props.rows - CHROME_LINES);
	const shown = workspaces.length > room ? workspaces.slice(0, room - 1) : workspaces;
	const hidden = workspaces.length - shown.length;
	const nameWidth = Math.min(24, Math.max(10, ...shown.map(item => (item.workspace ?? '').length)));
	// Room for: padding, name, spaces, "123/456  ", and the longest phase label.
	const barWidth = Math.max(10, Math.min(40, columns - 2 - nameWidth - 14 - LONGEST_LABEL));
	const syncing = status.state === 'syncing' && !props.finished;
	const failed = !syncing && (status.state === 'error' || status.state === 'offline');

	return (
		<Box flexDirection="column" paddingX={1} width={columns} height={Math.min(props.rows, CHROME_LINES + shown.length + (hidden ? 1 : 0))}>
			<Header theme={theme} demo={status.demo} account={props.account} apiUrl={props.apiUrl} readOnlyReason={status.readOnlyReason} />
			<Text> </Text>
			<Text wrap="truncate-end">
				<Text bold color={stateColor(theme, status, syncing)}>
					{syncing ? 'Syncing…' : status.message}
				</Text>
				{syncing && overall?.message ? <Text color={theme.text.secondary}>  {overall.message}</Text> : null}
			</Text>
			{failed && status.error?.hint ? <Text color={theme.text.secondary}>{status.error.hint}</Text> : <Text> </Text>}
			{shown.length === 0 && syncing ? <Text color={theme.text.secondary}>Discovering workspaces…</Text> : null}
			{shown.map(item => (
				<WorkspaceRow key={item.workspace} item={item} nameWidth={nameWidth} barWidth={barWidth} theme={theme} syncEnded={!syncing} />
			))}
			{hidden > 0 ? <Text color={theme.text.secondary}>… and {hidden} more workspaces</Text> : null}
			<Text> </Text>
			<Text wrap="truncate-end" color={theme.text.secondary}>
				Requests used {status.requestsUsed}
				{status.budgetLeft !== undefined
					? ` · budget left ${status.budgetLeft}${status.budgetPerHour ? ` of ${status.budgetPerHour}/h` : ''}`
					: ''}
			</Text>
			<Text> </Text>
			{syncing ? (
				<Text wrap="truncate-end" color={theme.text.muted}>
					Repository grants load when you open a repository (--deep loads them all now).
				</Text>
			) : null}
			{syncing ? <Text> </Text> : null}
			<Hints theme={theme} syncing={syncing} finished={props.finished} />
		</Box>
	);
}

function Header(props: {theme: Theme; demo: boolean; account?: string; apiUrl?: string; readOnlyReason?: string}) {
	const {theme} = props;
	return (
		<Text wrap="truncate-end">
			<Text bold color={theme.accent}>
				bbaccess
			</Text>
			{props.demo ? <Text bold color={theme.status.warn}> DEMO</Text> : null}
			{props.account ? <Text color={theme.text.secondary}> · {props.account}</Text> : null}
			{props.apiUrl ? <Text color={theme.text.secondary}> · {hostOf(props.apiUrl)}</Text> : null}
			{props.demo ? <Text color={theme.text.secondary}> · built-in emulator, sample data</Text> : null}
			{props.readOnlyReason ? <Text color={theme.status.warn}> · {props.readOnlyReason}</Text> : null}
		</Text>
	);
}

function WorkspaceRow(props: {item: SyncProgress; nameWidth: number; barWidth: number; theme: Theme; syncEnded: boolean}) {
	const {item, theme} = props;
	const finished = item.phase === 'done' || (props.syncEnded && item.total > 0 && item.done >= item.total);
	const counts = item.total > 0 ? `${formatCount(item.done)}/${formatCount(item.total)}` : `${formatCount(item.done)}/?`;
	const what = item.message ?? PHASE_LABELS[item.phase];
	return (
		<Text wrap="truncate-end">
			<Text>{(item.workspace ?? '').padEnd(props.nameWidth).slice(0, props.nameWidth)} </Text>
			{/* The bar is proportional to the count beside it (the label names the step). */}
			<ProgressBar done={item.done} total={item.total} width={props.barWidth} finished={finished} />
			<Text> {counts.padEnd(11)} </Text>
			<Text color={finished ? theme.status.ok : theme.text.secondary}>{finished ? 'done' : what}</Text>
		</Text>
	);
}

function Hints(props: {theme: Theme; syncing: boolean; finished?: boolean}) {
	const {theme} = props;
	const key = (name: string) => <Text color={theme.key}>{name}</Text>;
	if (props.syncing) {
		return <Text color={theme.text.secondary}>{key('Esc')} cancel · {key('Ctrl-C')} cancel</Text>;
	}
	if (props.finished) return <Text color={theme.text.secondary}>Opening the explorer…</Text>;
	return (
		<Text color={theme.text.secondary}>
			{key('r')} retry · {key('q')} quit
		</Text>
	);
}

function stateColor(theme: Theme, status: BackendStatus, syncing: boolean) {
	if (syncing) return theme.status.info;
	switch (status.state) {
		case 'connected':
			return theme.status.ok;
		case 'partial':
			return theme.status.warn;
		default:
			return theme.status.error;
	}
}

function hostOf(apiUrl: string): string {
	try {
		return new URL(apiUrl).host;
	} catch {
		return apiUrl;
	}
}
