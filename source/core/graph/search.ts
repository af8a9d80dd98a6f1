/**
 * Search over every node by slug, key, name, nickname and display name: case- and accent-insensitive
 * ("José" ~ "jose"); an exact match beats a prefix, a prefix beats a word start, which beats a substring.
 * The normalised text is built once per graph (names never change through mutations).
 */
import type {GraphStore} from './graph-store.js';
import {foldText} from './sources.js';

export type SearchKind = 'workspace' | 'user' | 'group' | 'project' | 'repository';

export interface SearchHit {
	kind: SearchKind;
	/** workspace slug, user uuid, group id "ws:slug", project id "ws:KEY", repository full name. */
	id: string;
	label: string;
	/** One line of context, e.g. "acme · project PLAT" or "@dscully · acme". */
	detail: string;
	/** Higher is better: 100 exact, 80 prefix, 60 word start, 40 substring (minus a little for long texts). */
	score: number;
}

export interface SearchOptions {
	kinds?: SearchKind[];
	/** Default 50. */
	limit?: number;
}

interface Searchable {
	kind: SearchKind;
	id: string;
	label: string;
	/** Normalised texts to match. */
	texts: string[];
	detail: () => string;
}

export function normalizeSearchText(text: string): string {
	return foldText(text);
}

const KIND_ORDER: Record<SearchKind, number> = {workspace: 0, project: 1, repository: 2, group: 3, user: 4};

export class SearchIndex {
	private readonly items: Searchable[] = [];

	constructor(private readonly store: GraphStore) {
		const texts = (...values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v).map(normalizeSearchText))];
		for (const workspace of store.workspaces.values()) {
			this.items.push({kind: 'workspace', id: workspace.slug, label: workspace.name || workspace.slug, texts: texts(workspace.slug, workspace.name), detail: () => workspace.slug});
		}
		for (const user of store.users.values()) {
			this.items.push({
				kind: 'user',
				id: user.uuid,
				label: user.displayName,
				texts: texts(user.displayName, user.nickname),
				detail: () => [user.nickname ? `@${user.nickname}` : undefined, [...(store.workspacesOfUser.get(user.uuid) ?? [])].join(', ') || undefined].filter(Boolean).join(' · '),
			});
		}
		for (const [id, group] of store.groups) {
			this.items.push({
				kind: 'group',
				id,
				label: group.name || group.slug,
				texts: texts(group.slug, group.name),
				detail: () => {
					const count = store.groupMembers.get(id)?.size ?? 0;
					return `${group.workspace} · ${count} ${count === 1 ? 'member' : 'members'}`;
				},
			});
		}
		for (const [id, project] of store.projects) {
			this.items.push({kind: 'project', id, label: project.name || project.key, texts: texts(project.key, project.name), detail: () => `${project.workspace} · ${project.key}`});
		}
		for (const repository of store.repositories.values()) {
			this.items.push({
				kind: 'repository',
				id: repository.fullName,
				label: repository.name || repository.slug,
				texts: texts(repository.slug, repository.name, repository.fullName),
				detail: () => (repository.projectKey ? `${repository.fullName} · project ${repository.projectKey}` : repository.fullName),
			});
		}
	}

	search(text: string, options: SearchOptions = {}): SearchHit[] {
		const query = normalizeSearchText(text.trim());
		if (query === '') return [];
		const kinds = options.kinds ? new Set(options.kinds) : undefined;
		const limit = options.limit ?? 50;
		const scored: {item: Searchable; score: number}[] = [];
		for (const item of this.items) {
			if (kinds && !kinds.has(item.kind)) continue;
			let best = 0;
			for (const candidate of item.texts) {
				const score = matchScore(candidate, query);
				if (score > best) best = score;
			}
			if (best > 0) scored.push({item, score: best});
		}
		scored.sort(
			(a, b) =>
				b.score - a.score ||
				KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] ||
				(a.item.label < b.item.label ? -1 : a.item.label > b.item.label ? 1 : 0) ||
				(a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0),
		);
		return scored.slice(0, limit).map(({item, score}) => ({kind: item.kind, id: item.id, label: item.label, detail: item.detail(), score}));
	}
}

function matchScore(candidate: string, query: string): number {
	const at = candidate.indexOf(query);
	if (at < 0) return 0;
	// Shorter candidates rank slightly higher within a class (closer match), never crossing classes.
	const closeness = Math.max(0, 10 - Math.floor((candidate.length - query.length) / 4));
	if (at === 0) return (candidate.length === query.length ? 100 : 80) + (candidate.length === query.length ? 0 : closeness);
	if (isWordStart(candidate, query)) return 60 + closeness;
	return 40 + closeness;
}

function isWordStart(candidate: string, query: string): boolean {
	for (let at = candidate.indexOf(query); at >= 0; at = candidate.indexOf(query, at + 1)) {
		if (at === 0 || /[^\p{L}\p{N}]/u.test(candidate[at - 1]!)) return true;
	}
	return false;
}
