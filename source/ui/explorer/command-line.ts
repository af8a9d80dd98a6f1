/**
 * The `:` command line: `:user dscully`, `:repo api-gateway`, `:group developers`,
 * `:project PLAT`, `:ws acme`, `:log`, `:help`, `:q`. Parsing, resolving against the graph
 * and Tab completion are pure functions here; the prompt component only calls them.
 */
import type {AccessGraph, SearchKind} from '../../core/graph/index.js';
import {foldText} from '../../core/graph/sources.js';
import type {ViewRef, WorkspaceSection} from './view-ref.js';

export type CommandKind = 'user' | 'repo' | 'group' | 'project' | 'ws' | 'log' | 'findings' | 'changes' | 'journal' | 'help' | 'quit';

const ALIASES: Record<string, CommandKind> = {
	user: 'user',
	users: 'user',
	u: 'user',
	person: 'user',
	people: 'user',
	who: 'user',
	repo: 'repo',
	repos: 'repo',
	repository: 'repo',
	repositories: 'repo',
	r: 'repo',
	group: 'group',
	groups: 'group',
	g: 'group',
	project: 'project',
	projects: 'project',
	proj: 'project',
	p: 'project',
	ws: 'ws',
	workspace: 'ws',
	workspaces: 'ws',
	w: 'ws',
	log: 'log',
	requests: 'log',
	findings: 'findings',
	audit: 'findings',
	changes: 'changes',
	diff: 'changes',
	drift: 'changes',
	journal: 'journal',
	history: 'journal',
	undo: 'journal',
	help: 'help',
	q: 'quit',
	quit: 'quit',
};

/** The main command words, for completion and help. */
export const COMMAND_WORDS = ['user', 'repo', 'group', 'project', 'ws', 'log', 'findings', 'changes', 'journal', 'help', 'quit'] as const;

const SEARCH_KIND: Partial<Record<CommandKind, SearchKind>> = {user: 'user', repo: 'repository', group: 'group', project: 'project', ws: 'workspace'};

const SECTION_OF: Partial<Record<CommandKind, WorkspaceSection>> = {user: 'members', repo: 'repositories', group: 'groups', project: 'projects'};

export type CommandResult =
	| {type: 'view'; ref: ViewRef}
	| {type: 'help'}
	| {type: 'quit'}
	/** Several things match: the admin picks (never a silent first pick). */
	| {type: 'choose'; title: string; options: {ref: ViewRef; label: string; detail: string}[]}
	| {type: 'error'; message: string};

export function parseCommandLine(text: string): {kind: CommandKind | undefined; word: string; arg: string} {
	const trimmed = text.trim();
	const space = trimmed.search(/\s/);
	const word = space === -1 ? trimmed : trimmed.slice(0, space);
	const arg = space === -1 ? '' : trimmed.slice(space).trim();
	return {kind: ALIASES[word.toLowerCase()], word, arg};
}

function pickInWorkspace<T extends {workspace: string}>(items: T[], current: string | undefined): T | undefined {
	return items.find(item => item.workspace === current) ?? items[0];
}

/** Resolve a command line to a view (or an error in words). `workspace` is the current one, preferred for short names. */
export function resolveCommand(graph: AccessGraph, text: string, workspace?: string): CommandResult {
	const {kind, word, arg} = parseCommandLine(text);
	if (word === '') return {type: 'error', message: 'Type a command: user, repo, group, project, ws, log, help or q.'};
	if (!kind) return {type: 'error', message: `Unknown command "${word}". Try user, repo, group, project, ws, log, help or q.`};
	switch (kind) {
		case 'help':
			return {type: 'help'};
		case 'quit':
			return {type: 'quit'};
		case 'log':
			return {type: 'view', ref: {view: 'request-log'}};
		case 'findings':
			return {type: 'view', ref: {view: 'findings'}};
		case 'changes':
			// `:changes` compares with the previous kept snapshot; `:changes ID` with a chosen one (as `bbaccess diff --from ID`).
			return {type: 'view', ref: arg === '' ? {view: 'changes'} : {view: 'changes', since: arg}};
		case 'journal':
			// `:journal` lists the journal; `:journal ID` opens one entry (an id prefix, as `bbaccess undo ID` takes).
			return {type: 'view', ref: arg === '' ? {view: 'journal'} : {view: 'journal-entry', batch: arg}};
		default:
			break;
	}
	if (arg === '') {
		if (kind === 'ws') return {type: 'view', ref: {view: 'workspaces'}};
		const ws = workspace ?? (graph.workspaces().length === 1 ? graph.workspaces()[0]?.slug : undefined);
		if (!ws) return {type: 'error', message: `Name a ${kind}: e.g. ":${kind} ${example(kind)}" (Tab completes).`};
		return {type: 'view', ref: {view: 'workspace', workspace: ws, section: SECTION_OF[kind]}};
	}
	if (kind === 'user') {
		const people = userMatches(graph, arg);
		if (people.length > 1) {
			return {type: 'choose', title: `"${arg}" matches ${people.length} people: which one?`, options: people.map(user => ({ref: {view: 'person', uuid: user.uuid}, label: personLabel(user), detail: personDetail(graph, user.uuid)}))};
		}
		if (people.length === 1) return {type: 'view', ref: {view: 'person', uuid: people[0]!.uuid}};
	}
	const ref = exactMatch(graph, kind, arg, workspace) ?? searchMatch(graph, kind, arg, workspace);
	if (ref) return {type: 'view', ref};
	return {type: 'error', message: `No ${kind === 'ws' ? 'workspace' : kind === 'repo' ? 'repository' : kind} matches "${arg}".`};
}

type User = ReturnType<AccessGraph['users']>[number];

/**
 * People a `:user` argument names: one by uuid, account id or nickname; else everyone whose display
 * name is exactly it; else everyone whose name or nickname contains it (accents and case folded). More than one means the admin must choose.
 */
export function userMatches(graph: AccessGraph, arg: string): User[] {
	const lower = arg.toLowerCase();
	const bare = lower.replace(/^\{|\}$/g, '');
	const byId = graph.users().find(u => u.uuid.replace(/^\{|\}$/g, '').toLowerCase() === bare || u.accountId === arg || u.nickname?.toLowerCase() === lower);
	if (byId) return [byId];
	const byName = graph.users().filter(u => u.displayName.toLowerCase() === lower);
	if (byName.length > 0) return byName;
	const folded = foldText(arg);
	return graph.users().filter(u => foldText(u.displayName).includes(folded) || (u.nickname !== undefined && foldText(u.nickname).includes(folded)));
}

function personLabel(user: User): string {
	return user.nickname && user.nickname !== user.displayName ? `${user.displayName} (${user.nickname})` : user.displayName;
}

/** "acme: member · developers, release-managers" for each workspace the person is in. */
function personDetail(graph: AccessGraph, uuid: string): string {
	const parts: string[] = [];
	for (const ws of graph.workspaces()) {
		const role = graph.roleOf(ws.slug, uuid);
		const groups = graph.groupsOf(ws.slug, uuid).map(group => group.slug);
		if (!role && groups.length === 0) continue;
		parts.push(`${ws.slug}: ${role ?? 'not a member'}${groups.length > 0 ? ` · ${groups.join(', ')}` : ''}`);
	}
	return parts.join('; ') || 'in no synced workspace';
}

function example(kind: CommandKind): string {
	return kind === 'user' ? 'dscully' : kind === 'repo' ? 'api-gateway' : kind === 'group' ? 'developers' : 'PLAT';
}

function exactMatch(graph: AccessGraph, kind: CommandKind, arg: string, workspace: string | undefined): ViewRef | undefined {
	const lower = arg.toLowerCase();
	switch (kind) {
		case 'ws': {
			const found = graph.workspaces().find(ws => ws.slug.toLowerCase() === lower);
			return found ? {view: 'workspace', workspace: found.slug} : undefined;
		}
		case 'user': {
			const user = graph.user(arg) ?? graph.users().find(u => u.nickname?.toLowerCase() === lower || u.accountId === arg || u.displayName.toLowerCase() === lower);
			return user ? {view: 'person', uuid: user.uuid} : undefined;
		}
		case 'repo': {
			if (arg.includes('/')) {
				const repository = graph.repository(arg) ?? graph.workspaces().flatMap(ws => graph.repositories(ws.slug)).find(r => r.fullName.toLowerCase() === lower);
				return repository ? {view: 'repository', fullName: repository.fullName} : undefined;
			}
			const matches = graph.workspaces().flatMap(ws => graph.repositories(ws.slug).filter(r => r.slug.toLowerCase() === lower));
			const repository = pickInWorkspace(matches, workspace);
			return repository ? {view: 'repository', fullName: repository.fullName} : undefined;
		}
		case 'group': {
			const [ws, slug] = arg.includes(':') ? (arg.split(':', 2) as [string, string]) : [undefined, arg];
			const matches = graph.workspaces().flatMap(w => (ws === undefined || w.slug === ws ? graph.groups(w.slug) : [])).filter(g => g.slug.toLowerCase() === slug.toLowerCase());
			const group = pickInWorkspace(matches, workspace);
			return group ? {view: 'group', workspace: group.workspace, slug: group.slug} : undefined;
		}
		case 'project': {
			const [ws, key] = arg.includes(':') ? (arg.split(':', 2) as [string, string]) : [undefined, arg];
			const matches = graph.workspaces().flatMap(w => (ws === undefined || w.slug === ws ? graph.projects(w.slug) : [])).filter(p => p.key.toLowerCase() === key.toLowerCase());
			const project = pickInWorkspace(matches, workspace);
			return project ? {view: 'project', workspace: project.workspace, key: project.key} : undefined;
		}
		default:
			return undefined;
	}
}

function hitToRef(kind: SearchKind, id: string): ViewRef {
	switch (kind) {
		case 'workspace':
			return {view: 'workspace', workspace: id};
		case 'user':
			return {view: 'person', uuid: id};
		case 'repository':
			return {view: 'repository', fullName: id};
		case 'group': {
			const at = id.indexOf(':');
			return {view: 'group', workspace: id.slice(0, at), slug: id.slice(at + 1)};
		}
		case 'project': {
			const at = id.indexOf(':');
			return {view: 'project', workspace: id.slice(0, at), key: id.slice(at + 1)};
		}
	}
}

function searchMatch(graph: AccessGraph, kind: CommandKind, arg: string, _workspace: string | undefined): ViewRef | undefined {
	const searchKind = SEARCH_KIND[kind];
	if (!searchKind) return undefined;
	const hit = graph.search(arg, {kinds: [searchKind], limit: 1})[0];
	return hit ? hitToRef(hit.kind, hit.id) : undefined;
}

export interface Completion {
	/** Full command lines to cycle through with Tab. */
	candidates: string[];
	/** One-line descriptions matching candidates (for the prompt's hint). */
	details: string[];
}

/** Tab completion of a command line: the command word, then names from graph.search. */
export function completeCommand(graph: AccessGraph | undefined, text: string, workspace?: string): Completion {
	const trimmedStart = text.replace(/^\s+/, '');
	const {kind, word, arg} = parseCommandLine(trimmedStart);
	if (!/\s/.test(trimmedStart)) {
		const words = COMMAND_WORDS.filter(w => w.startsWith(word.toLowerCase()));
		return {candidates: words.map(w => `${w} `), details: words.map(() => '')};
	}
	const searchKind = kind ? SEARCH_KIND[kind] : undefined;
	if (!graph || !searchKind) return {candidates: [], details: []};
	const hits = graph.search(arg, {kinds: [searchKind], limit: 12});
	const candidates: string[] = [];
	const details: string[] = [];
	for (const hit of hits) {
		const name = completionName(graph, hit.kind, hit.id, workspace);
		const line = `${word} ${name}`;
		if (candidates.includes(line)) continue;
		candidates.push(line);
		details.push(`${hit.label}${hit.detail ? ` · ${hit.detail}` : ''}`);
	}
	return {candidates, details};
}

function completionName(graph: AccessGraph, kind: SearchKind, id: string, workspace: string | undefined): string {
	switch (kind) {
		case 'user':
			return graph.user(id)?.nickname ?? id;
		case 'repository': {
			const [ws, slug] = id.split('/', 2) as [string, string];
			return ws === workspace ? slug : id;
		}
		case 'group':
		case 'project': {
			const at = id.indexOf(':');
			return id.slice(0, at) === workspace ? id.slice(at + 1) : id;
		}
		case 'workspace':
			return id;
	}
}
