/**
 * Building, ordering and describing AccessSources and the "missing" reasons of incomplete answers.
 */
import {levelRank, type AccessSource, type EffectiveEntry, type GrantsState, type Level, type UserNode} from '../model.js';

const KIND_ORDER: Record<AccessSource['kind'], number> = {owner: 0, repository: 1, project: 2};

/** Highest level first; then owner, repository, project; user before group; then group name. */
export function compareSources(a: AccessSource, b: AccessSource): number {
	return (
		levelRank(b.level) - levelRank(a.level) ||
		KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
		(a.principal === b.principal ? 0 : a.principal === 'user' ? -1 : 1) ||
		compareText(a.group ?? '', b.group ?? '') ||
		compareText(a.project ?? '', b.project ?? '')
	);
}

/** Plain code-unit order: fast, deterministic and locale-independent. */
export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Latin letters that Unicode does not decompose into base + mark ("Łukasz" ~ "lukasz", "Ørsted" ~ "orsted"). */
const UNDECOMPOSED: Record<string, string> = {ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ŧ: 't', ı: 'i', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th', ð: 'd'};
const UNDECOMPOSED_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');

/** Case- and accent-insensitive text for sorting and matching ("José" → "jose"); ASCII takes a fast path. */
export function foldText(text: string): string {
	if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(UNDECOMPOSED_PATTERN, letter => UNDECOMPOSED[letter]!);
}

const NAME_KEYS = new WeakMap<UserNode, string>();

/** The folded display name of a user, computed once per node. */
export function nameKey(user: UserNode): string {
	let key = NAME_KEYS.get(user);
	if (key === undefined) {
		key = foldText(user.displayName);
		NAME_KEYS.set(user, key);
	}
	return key;
}

/** People by display name (case- and accent-insensitive, code-point order after folding), then uuid. */
export function compareUsers(a: UserNode, b: UserNode): number {
	return compareText(nameKey(a), nameKey(b)) || compareText(a.uuid, b.uuid);
}

/** Level (highest first), then display name, then uuid. */
export function compareEntries(a: EffectiveEntry, b: EffectiveEntry): number {
	return levelRank(b.level) - levelRank(a.level) || compareUsers(a.user, b.user);
}

export function ownerSource(): AccessSource {
	return {kind: 'owner', principal: 'user', level: 'admin'};
}

export function highestLevel(sources: AccessSource[]): Level {
	let best: Level = sources[0]!.level;
	for (const source of sources) if (levelRank(source.level) > levelRank(best)) best = source.level;
	return best;
}

/** A user we only know by uuid (a grant names them but the snapshot has no user record). */
export function unknownUser(uuid: string): UserNode {
	return {uuid, displayName: uuid};
}

/** "repository grants of acme/api-gateway not loaded" / "... unavailable: <reason>"; undefined when loaded. */
export function missingReason(what: string, state: GrantsState): string | undefined {
	if (state.state === 'not-loaded') return `${what} not loaded`;
	if (state.state === 'unavailable') return `${what} unavailable: ${state.reason}`;
	return undefined;
}

export function plural(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}
