/**
 * Change files (`bbaccess apply FILE`): CSV with a header, or JSON Lines, one desired state a line.
 *
 *   workspace,target,principal,level
 *   acme,api-gateway,user:dscully,write        repository (slug) permission; `repo:api-gateway` also works
 *   acme,PLAT,group:developers,read            project (key) permission; `project:PLAT` also works
 *   acme,api-gateway,user:jsmith,none          no explicit entry (revoke)
 *   acme,group:developers,user:jsmith,member   group membership (member | not-member)
 *
 * parseChangeFile() checks everything that needs no data (columns, syntax, level words) and reports
 * the line number; it runs before any request. resolveChangeLines() turns names into ids exactly as
 * the other commands do (ambiguity is an error naming the candidates), again with the line number.
 */
import {BbError} from '../../errors.js';
import type {AccessGraph} from '../../graph/index.js';
import {PROJECT_LEVELS, type Level, type Principal, type Target} from '../../model.js';
import {parseLevel, requireWorkspace, resolveGroup, resolveTarget, resolveUser} from '../resolve.js';
import type {ChangeRequest} from '../types.js';

export const CHANGE_FILE_COLUMNS = ['workspace', 'target', 'principal', 'level'] as const;
const LEVEL_WORDS = new Set<string>([...PROJECT_LEVELS, 'none', 'member', 'not-member']);

export interface ChangeLine {
	line: number;
	workspace: string;
	/** `repo:slug`, `project:KEY`, `group:slug` or a bare repository slug / project key. */
	target: string;
	principal: {type: 'user' | 'group'; name: string};
	/** A level word, 'none', 'member' or 'not-member'. */
	level: string;
}

function lineError(file: string, line: number, message: string): BbError {
	return new BbError('usage', `${file}:${line}: ${message}`);
}

/** RFC 4180 fields of one line (quotes, doubled quotes); no multi-line fields. */
function csvFields(text: string, fail: (message: string) => never): string[] {
	const fields: string[] = [];
	let i = 0;
	for (;;) {
		let value = '';
		if (text[i] === '"') {
			i++;
			for (;;) {
				if (i >= text.length) fail('unterminated quoted field');
				if (text[i] === '"') {
					if (text[i + 1] === '"') {
						value += '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				value += text[i++];
			}
			if (i < text.length && text[i] !== ',') fail(`unexpected text after a quoted field: '${text.slice(i)}'`);
		} else {
			const end = text.indexOf(',', i);
			value = end === -1 ? text.slice(i) : text.slice(i, end);
			i = end === -1 ? text.length : end;
		}
		fields.push(value.trim());
		if (i >= text.length) return fields;
		i++; // the comma
	}
}

function checkedLine(file: string, line: number, record: Record<string, string>): ChangeLine {
	const fail = (message: string): never => {
		throw lineError(file, line, message);
	};
	for (const column of CHANGE_FILE_COLUMNS) if (!record[column]) fail(`the ${column} is empty`);
	const principalMatch = /^(user|group):(.+)$/.exec(record.principal!);
	if (!principalMatch) fail(`principal '${record.principal}' must be user:NAME or group:SLUG`);
	const level = record.level!.toLowerCase();
	if (!LEVEL_WORDS.has(level)) fail(`level '${record.level}' is not one of ${[...LEVEL_WORDS].join(', ')}`);
	const membership = record.target!.startsWith('group:');
	if (membership && principalMatch![1] !== 'user') fail('a group membership line needs principal user:NAME');
	if (membership && level !== 'member' && level !== 'not-member') fail(`a group membership line takes member or not-member, got '${record.level}'`);
	if (!membership && (level === 'member' || level === 'not-member')) fail(`'${record.level}' needs target group:SLUG`);
	return {line, workspace: record.workspace!, target: record.target!, principal: {type: principalMatch![1] as 'user' | 'group', name: principalMatch![2]!}, level};
}

/** Parse a change file's text (CSV with a header, or JSON Lines). Throws a usage error naming the line. */
export function parseChangeFile(file: string, text: string): ChangeLine[] {
	const rows = text.split(/\r?\n/).map((raw, index) => ({raw: raw.trim(), line: index + 1})).filter(row => row.raw !== '' && !row.raw.startsWith('#'));
	if (rows.length === 0) throw new BbError('usage', `${file}: no changes in the file`);
	const lines: ChangeLine[] = [];
	if (rows[0]!.raw.startsWith('{')) {
		for (const row of rows) {
			let value: unknown;
			try {
				value = JSON.parse(row.raw);
			} catch (error) {
				throw lineError(file, row.line, `not valid JSON (${(error as Error).message})`);
			}
			if (typeof value !== 'object' || value === null || Array.isArray(value)) throw lineError(file, row.line, 'each JSON line must be an object');
			const record: Record<string, string> = {};
			for (const [key, field] of Object.entries(value)) {
				if (!(CHANGE_FILE_COLUMNS as readonly string[]).includes(key)) throw lineError(file, row.line, `unknown field '${key}' (fields: ${CHANGE_FILE_COLUMNS.join(', ')})`);
				if (typeof field !== 'string') throw lineError(file, row.line, `${key} must be a string`);
				record[key] = field.trim();
			}
			lines.push(checkedLine(file, row.line, record));
		}
		return lines;
	}
	const header = csvFields(rows[0]!.raw, message => {
		throw lineError(file, rows[0]!.line, message);
	}).map(name => name.toLowerCase());
	for (const name of header) {
		if (!(CHANGE_FILE_COLUMNS as readonly string[]).includes(name)) throw lineError(file, rows[0]!.line, `unknown column '${name}' (columns: ${CHANGE_FILE_COLUMNS.join(', ')})`);
	}
	for (const column of CHANGE_FILE_COLUMNS) if (!header.includes(column)) throw lineError(file, rows[0]!.line, `missing column '${column}' (the header must be ${CHANGE_FILE_COLUMNS.join(',')})`);
	for (const row of rows.slice(1)) {
		const fields = csvFields(row.raw, message => {
			throw lineError(file, row.line, message);
		});
		if (fields.length !== header.length) throw lineError(file, row.line, `${fields.length} fields, the header has ${header.length}`);
		lines.push(checkedLine(file, row.line, Object.fromEntries(header.map((name, index) => [name, fields[index]!]))));
	}
	return lines;
}

function resolveFileTarget(graph: AccessGraph, workspace: string, text: string): Target {
	if (text.startsWith('repo:')) return resolveTarget(graph, workspace, {repo: text.slice(5)});
	if (text.startsWith('project:')) return resolveTarget(graph, workspace, {project: text.slice(8)});
	const attempt = (spec: {repo?: string; project?: string}) => {
		try {
			return resolveTarget(graph, workspace, spec);
		} catch {
			return undefined;
		}
	};
	const repo = attempt({repo: text});
	const project = attempt({project: text});
	if (repo && project) throw new BbError('usage', `'${text}' is both repository ${repo.type === 'repository' ? repo.fullName : ''} and project ${project.type === 'project' ? project.key : ''}: write repo:${text} or project:${text}`);
	const found = repo ?? project;
	if (!found) throw new BbError('usage', `no repository or project '${text}' in workspace ${workspace}`);
	return found;
}

/** Names → ids against the graph; every error names the file and line. Duplicate entries are refused. */
export function resolveChangeLines(graph: AccessGraph, file: string, lines: readonly ChangeLine[]): ChangeRequest[] {
	const seen = new Map<string, number>();
	return lines.map(line => {
		try {
			requireWorkspace(graph, line.workspace);
			let change: ChangeRequest;
			let key: string;
			if (line.target.startsWith('group:')) {
				const group = resolveGroup(graph, line.workspace, line.target.slice(6));
				const user = resolveUser(graph, line.principal.name, [line.workspace]).uuid;
				change = {type: 'membership', workspace: line.workspace, group, user, member: line.level === 'member'};
				key = `m:${line.workspace}:${group}:${user}`;
			} else {
				const target = resolveFileTarget(graph, line.workspace, line.target);
				const principal: Principal =
					line.principal.type === 'user' ? {type: 'user', uuid: resolveUser(graph, line.principal.name, [line.workspace]).uuid} : {type: 'group', slug: resolveGroup(graph, line.workspace, line.principal.name)};
				const level: Level | undefined = line.level === 'none' ? undefined : parseLevel(line.level, target);
				change = {type: 'permission', target, principal, level};
				key = `p:${target.type === 'project' ? `${target.workspace}:${target.key}` : target.fullName}:${principal.type === 'user' ? principal.uuid : principal.slug}`;
			}
			const earlier = seen.get(key);
			if (earlier !== undefined) throw new BbError('usage', `the same entry is already set on line ${earlier}`);
			seen.set(key, line.line);
			return change;
		} catch (error) {
			if (error instanceof BbError && error.kind === 'usage') throw new BbError('usage', `${file}:${line.line}: ${error.message.replace(/^--level /, 'level ').replace(/pass --user with/, 'write user: with')}`, error.hint ? {hint: error.hint} : {});
			throw error;
		}
	});
}
