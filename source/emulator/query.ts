/**
 * Bitbucket 2.0 query parameters: pagination (`page`, `pagelen`) and a BBQL subset for `q`
 * (comparisons `= != ~ !~ > >= < <=`, `IN (…)`, `NOT IN (…)`, `AND`, `OR`, parentheses).
 * Each endpoint names the fields it supports; anything else is a 400, like Bitbucket.
 */
import {badRequest} from './api-error.js';

export const DEFAULT_PAGELEN = 10;
export const MAX_PAGELEN = 100;

export interface Paging {
	page: number;
	pagelen: number;
}

export function parsePaging(query: URLSearchParams): Paging {
	const pagelenText = query.get('pagelen');
	const pageText = query.get('page');
	const pagelen = pagelenText === null ? DEFAULT_PAGELEN : Number(pagelenText);
	const page = pageText === null ? 1 : Number(pageText);
	if (!Number.isInteger(pagelen) || pagelen < 1 || pagelen > MAX_PAGELEN) {
		throw badRequest('Invalid pagelen', `pagelen must be a whole number from 1 to ${MAX_PAGELEN}, got '${pagelenText}'`);
	}
	if (!Number.isInteger(page) || page < 1) throw badRequest('Invalid page', `page must be a whole number from 1, got '${pageText}'`);
	return {page, pagelen};
}

export interface Page<T> {
	pagelen: number;
	page: number;
	size?: number;
	next?: string;
	previous?: string;
	values: T[];
}

/** The absolute URL of another page of the same request (same path and parameters). */
export function pageUrl(base: string, url: URL, page: number): string {
	const params = new URLSearchParams(url.searchParams);
	params.set('page', String(page));
	return `${base}${url.pathname}?${params.toString()}`;
}

/** One page of a fully known list. */
export function paginate<T, R>(items: readonly T[], paging: Paging, base: string, url: URL, render: (item: T) => R): Page<R> {
	const start = (paging.page - 1) * paging.pagelen;
	const values = items.slice(start, start + paging.pagelen).map(render);
	const page: Page<R> = {pagelen: paging.pagelen, size: items.length, page: paging.page, values};
	if (start + paging.pagelen < items.length) page.next = pageUrl(base, url, paging.page + 1);
	if (paging.page > 1) page.previous = pageUrl(base, url, paging.page - 1);
	return page;
}

// ---- BBQL --------------------------------------------------------------------------------

type Value = string | number | boolean | null;
export type FieldValue = string | number | boolean | null | undefined;

export interface QueryFields<T> {
	[field: string]: (item: T) => FieldValue;
}

/** Optional ordering for fields compared with < > (e.g. permission levels). */
export type FieldRanks = Record<string, (value: string) => number | undefined>;

type Node =
	| {kind: 'and'; left: Node; right: Node}
	| {kind: 'or'; left: Node; right: Node}
	| {kind: 'cmp'; field: string; op: string; value: Value}
	| {kind: 'in'; field: string; negate: boolean; values: Value[]};

type Token = {t: 'str'; v: string} | {t: 'word'; v: string} | {t: 'op'; v: string} | {t: 'punct'; v: string};

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i]!;
		if (/\s/.test(c)) {
			i++;
		} else if (c === '"') {
			let v = '';
			i++;
			while (i < text.length && text[i] !== '"') {
				if (text[i] === '\\' && i + 1 < text.length) i++;
				v += text[i];
				i++;
			}
			if (i >= text.length) throw badRequest('Invalid query', `unterminated string in q: ${text}`);
			i++;
			tokens.push({t: 'str', v});
		} else if ('()'.includes(c) || c === ',') {
			tokens.push({t: 'punct', v: c});
			i++;
		} else {
			const op = /^(!=|>=|<=|!~|=|~|>|<)/.exec(text.slice(i));
			if (op) {
				tokens.push({t: 'op', v: op[1]!});
				i += op[1]!.length;
				continue;
			}
			const word = /^[A-Za-z0-9_.{}:-]+/.exec(text.slice(i));
			if (!word) throw badRequest('Invalid query', `unexpected '${c}' in q: ${text}`);
			tokens.push({t: 'word', v: word[0]});
			i += word[0].length;
		}
	}
	return tokens;
}

function parse(text: string): Node {
	const tokens = tokenize(text);
	let pos = 0;
	const peek = () => tokens[pos];
	const fail = (what: string): never => {
		throw badRequest('Invalid query', `${what} in q: ${text}`);
	};
	const literal = (): Value => {
		const token = tokens[pos++];
		if (!token) return fail('missing value');
		if (token.t === 'str') return token.v;
		if (token.t === 'word') {
			if (token.v === 'null') return null;
			if (token.v === 'true' || token.v === 'false') return token.v === 'true';
			if (/^-?\d+(\.\d+)?$/.test(token.v)) return Number(token.v);
		}
		return fail(`unexpected '${token.v}'`);
	};
	const primary = (): Node => {
		const token = peek();
		if (token?.t === 'punct' && token.v === '(') {
			pos++;
			const node = or();
			if (peek()?.v !== ')') fail("missing ')'");
			pos++;
			return node;
		}
		if (token?.t !== 'word') return fail('expected a field name');
		pos++;
		const field = token.v;
		let next = tokens[pos++];
		let negate = false;
		if (next?.t === 'word' && next.v.toUpperCase() === 'NOT') {
			negate = true;
			next = tokens[pos++];
		}
		if (next?.t === 'word' && next.v.toUpperCase() === 'IN') {
			if (peek()?.v !== '(') fail("expected '(' after IN");
			pos++;
			const values: Value[] = [literal()];
			while (peek()?.v === ',') {
				pos++;
				values.push(literal());
			}
			if (peek()?.v !== ')') fail("missing ')'");
			pos++;
			return {kind: 'in', field, negate, values};
		}
		if (negate || next?.t !== 'op') return fail(`expected an operator after '${field}'`);
		return {kind: 'cmp', field, op: next.v, value: literal()};
	};
	const and = (): Node => {
		let node = primary();
		while (peek()?.t === 'word' && peek()!.v.toUpperCase() === 'AND') {
			pos++;
			node = {kind: 'and', left: node, right: primary()};
		}
		return node;
	};
	const or = (): Node => {
		let node = and();
		while (peek()?.t === 'word' && peek()!.v.toUpperCase() === 'OR') {
			pos++;
			node = {kind: 'or', left: node, right: and()};
		}
		return node;
	};
	const node = or();
	if (pos < tokens.length) fail(`unexpected '${tokens[pos]!.v}'`);
	return node;
}

/**
 * The value `field` must equal for `q` to match, when `q` pins it (`field = "v"` alone or as an
 * AND term); lets an endpoint narrow its scan before applying the full filter.
 */
export function pinnedValue(q: string | null, field: string): string | undefined {
	if (q === null || q.trim() === '') return undefined;
	const find = (node: Node): string | undefined => {
		if (node.kind === 'and') return find(node.left) ?? find(node.right);
		if (node.kind === 'cmp' && node.field === field && node.op === '=' && typeof node.value === 'string') return node.value;
		return undefined;
	};
	return find(parse(q));
}

/**
 * The values a query filters `field` by (in `field IN (…)` or `field = "…"` terms), or undefined when
 * the query does not mention the field. Lets the members endpoint apply Bitbucket's e-mail rules
 * (workspace administrators only; at most 90 addresses a request).
 */
export function queriedValues(q: string | null, field: string): string[] | undefined {
	if (q === null || q.trim() === '') return undefined;
	const values: string[] = [];
	let mentioned = false;
	const walk = (node: Node): void => {
		if (node.kind === 'and' || node.kind === 'or') {
			walk(node.left);
			walk(node.right);
		} else if (node.field === field) {
			mentioned = true;
			for (const value of node.kind === 'in' ? node.values : [node.value]) if (typeof value === 'string') values.push(value);
		}
	};
	walk(parse(q));
	return mentioned ? values : undefined;
}

function fieldsOf(node: Node): string[] {
	if (node.kind === 'and' || node.kind === 'or') return [...fieldsOf(node.left), ...fieldsOf(node.right)];
	return [node.field];
}

/**
 * Compile `q` into a predicate; undefined when there is no `q`. Unknown fields and syntax errors
 * are 400s; `fields` lists what the endpoint supports.
 */
export function compileQuery<T>(q: string | null, fields: QueryFields<T> | undefined, ranks: FieldRanks = {}): ((item: T) => boolean) | undefined {
	if (q === null || q.trim() === '') return undefined;
	if (!fields) throw badRequest('Invalid query', 'this endpoint does not support filtering with q');
	const node = parse(q);
	for (const field of fieldsOf(node)) {
		if (!Object.hasOwn(fields, field)) {
			throw badRequest('Invalid query', `'${field}' is not a supported field here (supported: ${Object.keys(fields).join(', ')})`);
		}
	}
	const evaluate = (n: Node, item: T): boolean => {
		if (n.kind === 'and') return evaluate(n.left, item) && evaluate(n.right, item);
		if (n.kind === 'or') return evaluate(n.left, item) || evaluate(n.right, item);
		const actual = fields[n.field]!(item);
		if (n.kind === 'in') return n.values.some(v => equal(actual, v)) !== n.negate;
		return compare(n.field, n.op, actual, n.value, ranks);
	};
	return item => evaluate(node, item);
}

function equal(actual: FieldValue, expected: Value): boolean {
	if (expected === null) return actual === null || actual === undefined;
	return actual === expected;
}

function compare(field: string, op: string, actual: FieldValue, expected: Value, ranks: FieldRanks): boolean {
	switch (op) {
		case '=':
			return equal(actual, expected);
		case '!=':
			return !equal(actual, expected);
		case '~':
		case '!~': {
			const found = typeof actual === 'string' && actual.toLowerCase().includes(String(expected).toLowerCase());
			return op === '~' ? found : !found;
		}
		default: {
			const rank = ranks[field];
			const a = rank && typeof actual === 'string' ? rank(actual) : actual;
			const b = rank && typeof expected === 'string' ? rank(expected) : expected;
			if (a === undefined || a === null || b === null || b === undefined) return false;
			if (op === '>') return a > b;
			if (op === '>=') return a >= b;
			if (op === '<') return a < b;
			return a <= b;
		}
	}
}
