/**
 * Small helpers for tests that talk to the emulator over loopback HTTP: start one that is stopped
 * after the test, build Basic auth headers, and send a request returning status, headers and JSON.
 */
import type {TestContext} from 'node:test';
import {DEMO_ADMIN, DEMO_READER, startEmulator, type EmulatorOptions, type RunningEmulator} from '../../source/emulator/index.js';

export function basicAuth(email: string, token: string): string {
	return `Basic ${Buffer.from(`${email}:${token}`, 'utf8').toString('base64')}`;
}

export const ADMIN_AUTH = basicAuth(DEMO_ADMIN.email, DEMO_ADMIN.token);
export const READER_AUTH = basicAuth(DEMO_READER.email, DEMO_READER.token);

/**
 * Someone else changes a user's explicit repository permission, straight through the emulator's
 * Bitbucket API as the demo admin (not through bbaccess). Throws unless Bitbucket says 200.
 */
export async function putRepositoryUser(emulator: Pick<RunningEmulator, 'url'>, fullName: string, uuid: string, permission: string): Promise<void> {
	const response = await fetch(`${emulator.url}/2.0/repositories/${fullName}/permissions-config/users/${encodeURIComponent(uuid)}`, {
		method: 'PUT',
		headers: {authorization: ADMIN_AUTH, 'content-type': 'application/json'},
		body: JSON.stringify({permission}),
	});
	if (response.status !== 200) throw new Error(`PUT ${fullName} permission for ${uuid}: HTTP ${response.status}`);
}

/**
 * Start an emulator; with a test context `t` it is stopped when that test ends. In a describe()
 * suite, start it in before() without `t` and stop it in after().
 */
export async function startTestEmulator(t: Pick<TestContext, 'after'> | undefined, options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const emulator = await startEmulator(options);
	t?.after(() => emulator.stop());
	return emulator;
}

/** The fields tests read from 2.0 items (a superset over item types, for reading responses). */
export interface ApiItem {
	type: string;
	uuid: string;
	slug: string;
	key: string;
	name: string;
	full_name: string;
	nickname: string;
	display_name: string;
	account_id: string;
	is_private: boolean;
	administrator: boolean;
	permission?: string;
	user: ApiItem;
	group: ApiItem;
	workspace: ApiItem;
	project: ApiItem;
	repository: ApiItem;
	owner: ApiItem;
	links: Record<string, {href: string}>;
}

export interface ApiPage<T = ApiItem> {
	pagelen: number;
	page: number;
	size?: number;
	next?: string;
	previous?: string;
	values: T[];
}

export interface ApiResponse {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed body, or undefined when empty or not JSON. */
	json: unknown;
}

export interface ApiRequest {
	/** Authorization header value; default: the demo admin. Pass null for none. */
	auth?: string | null;
	method?: string;
	body?: unknown;
}

/** `path` is relative to the emulator URL ("/2.0/user") or absolute (a `next` link). */
export async function api(emulator: Pick<RunningEmulator, 'url'>, path: string, request: ApiRequest = {}): Promise<ApiResponse> {
	const headers: Record<string, string> = {};
	const auth = request.auth === undefined ? ADMIN_AUTH : request.auth;
	if (auth !== null) headers.authorization = auth;
	if (request.body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(path.startsWith('http') ? path : `${emulator.url}${path}`, {
		method: request.method ?? 'GET',
		headers,
		body: request.body === undefined ? undefined : JSON.stringify(request.body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = text === '' ? undefined : JSON.parse(text);
	} catch {
		json = undefined;
	}
	return {status: response.status, headers: response.headers, text, json};
}

/** Follow `next` links and collect every `values` item of a 2.0 listing. */
export async function collectAll<T = ApiItem>(emulator: Pick<RunningEmulator, 'url'>, path: string, request: ApiRequest = {}): Promise<T[]> {
	const values: T[] = [];
	let next: string | undefined = path;
	while (next) {
		const response = await api(emulator, next, request);
		if (response.status !== 200) throw new Error(`GET ${next} → ${response.status}: ${response.text}`);
		const page = response.json as {values: T[]; next?: string};
		values.push(...page.values);
		next = page.next;
	}
	return values;
}
