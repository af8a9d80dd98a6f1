/**
 * Fidelity: every 2.0 JSON response the emulator serves for the endpoints bbaccess uses validates
 * against the matching response schema of Bitbucket's OpenAPI spec, and has the keys of the spec's
 * embedded examples and of real captured responses (../shared/reference, read-only; skipped when absent).
 */
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, it} from 'node:test';
import AjvModule from 'ajv';
import type {RunningEmulator} from '../source/emulator/index.js';
import {api, basicAuth, collectAll, startTestEmulator} from './helpers/emulator.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REFERENCE = path.resolve(REPO_ROOT, '..', 'shared', 'reference');
const SPEC_FILE = path.join(REFERENCE, 'bitbucket-cloud-openapi.json');
const FIXTURES = path.join(REFERENCE, 'fixtures');
const ABSENT = `reference material absent (${REFERENCE}); fidelity checks need ../shared/reference`;

type JsonObject = {[key: string]: unknown};
type Operation = {responses: Record<string, {content?: {'application/json'?: {schema?: unknown; examples?: Record<string, {value: unknown}>}}}>};

/** Links are checked leniently: drop additionalProperties:false anywhere under a `links` property. */
function lenientLinks(node: unknown, underLinks = false): unknown {
	if (Array.isArray(node)) return node.map(item => lenientLinks(item, underLinks));
	if (node === null || typeof node !== 'object') return node;
	const out: JsonObject = {};
	for (const [key, value] of Object.entries(node)) {
		if (underLinks && key === 'additionalProperties' && value === false) continue;
		const entering = key === 'links' && typeof value === 'object' && value !== null && !Array.isArray(value);
		out[key] = lenientLinks(value, underLinks || entering);
	}
	return out;
}

/** Keys (with paths) of a JSON value, ignoring links; arrays merge their items' keys. */
function keyPaths(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
	if (Array.isArray(value)) {
		for (const item of value) keyPaths(item, `${prefix}[]`, out);
	} else if (value !== null && typeof value === 'object') {
		for (const [key, child] of Object.entries(value)) {
			if (key === 'links') continue;
			const at = `${prefix}.${key}`;
			const type = child === null ? 'null' : Array.isArray(child) ? 'array' : typeof child;
			if (!out.has(at) || out.get(at) === 'null') out.set(at, type);
			keyPaths(child, at, out);
		}
	}
	return out;
}

/** Every key of `reference` is present in `actual` with the same JSON type (null in either matches anything). */
function missingKeys(reference: unknown, actual: unknown, ignore: RegExp[] = []): string[] {
	const ours = keyPaths(actual);
	const problems: string[] = [];
	for (const [at, type] of keyPaths(reference)) {
		if (ignore.some(pattern => pattern.test(at))) continue;
		const mine = ours.get(at);
		if (mine === undefined) problems.push(`${at} missing`);
		else if (type !== mine && type !== 'null' && mine !== 'null') problems.push(`${at} is ${mine}, reference has ${type}`);
	}
	return problems;
}

const SPEC_PRESENT = existsSync(SPEC_FILE);

describe('emulator fidelity to the OpenAPI spec and captures', {skip: SPEC_PRESENT ? false : ABSENT}, () => {
	let emu: RunningEmulator;
	let spec: {paths: Record<string, Record<string, Operation>>; components: JsonObject};
	let ajv: InstanceType<typeof AjvModule.default>;
	const ids = new Map<string, string>();

	before(async () => {
		spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as typeof spec;
		const Ajv = AjvModule.default;
		ajv = new Ajv({strict: false, validateFormats: false, allErrors: true});
		ajv.addSchema({$id: 'bitbucket', components: lenientLinks(spec.components)});
		emu = await startTestEmulator(undefined, {scenario: 'demo'});
		const members = await collectAll(emu, '/2.0/workspaces/acme/members?pagelen=100');
		for (const m of members) ids.set(m.user.nickname, encodeURIComponent(m.user.uuid));
	});
	after(() => emu?.stop());

	/** Keys an emulator response may lack compared with the spec example (documented deviations). */
	const EXAMPLE_IGNORES: Record<string, RegExp[]> = {
		// The workspace-wide effective listing leaves out the optional `size` (it would cost a full scan).
		'/workspaces/{workspace}/permissions/repositories': [/^\.size$/],
	};

	/** [method, spec path, emulator path, body] */
	const CASES: Array<[string, string, string | (() => string), unknown?]> = [
		['get', '/user', '/2.0/user'],
		['get', '/users/{selected_user}', () => `/2.0/users/${ids.get('dscully')}`],
		['get', '/user/workspaces', '/2.0/user/workspaces'],
		['get', '/user/workspaces/{workspace}/permission', '/2.0/user/workspaces/acme/permission'],
		['get', '/user/workspaces/{workspace}/permissions/repositories', '/2.0/user/workspaces/acme/permissions/repositories'],
		['get', '/workspaces/{workspace}', '/2.0/workspaces/acme'],
		['get', '/workspaces/{workspace}/members', '/2.0/workspaces/acme/members?pagelen=100'],
		['get', '/workspaces/{workspace}/members/{member}', () => `/2.0/workspaces/acme/members/${ids.get('lilei')}`],
		['get', '/workspaces/{workspace}/permissions', '/2.0/workspaces/acme/permissions?pagelen=100'],
		['get', '/workspaces/{workspace}/permissions/repositories', '/2.0/workspaces/acme/permissions/repositories?pagelen=100'],
		['get', '/workspaces/{workspace}/permissions/repositories/{repo_slug}', '/2.0/workspaces/acme/permissions/repositories/api-gateway'],
		['get', '/workspaces/{workspace}/projects', '/2.0/workspaces/acme/projects'],
		['get', '/workspaces/{workspace}/projects/{project_key}', '/2.0/workspaces/acme/projects/PLAT'],
		['get', '/workspaces/{workspace}/projects/{project_key}/permissions-config/users', '/2.0/workspaces/acme/projects/MOB/permissions-config/users'],
		['get', '/workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}', () => `/2.0/workspaces/acme/projects/MOB/permissions-config/users/${ids.get('jalvarez')}`],
		['put', '/workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}', () => `/2.0/workspaces/acme/projects/MOB/permissions-config/users/${ids.get('dscully')}`, {permission: 'write'}],
		['get', '/workspaces/{workspace}/projects/{project_key}/permissions-config/groups', '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups'],
		['get', '/workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}', '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/developers'],
		['put', '/workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}', '/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/qa', {permission: 'read'}],
		['get', '/repositories/{workspace}', '/2.0/repositories/acme?pagelen=100'],
		['get', '/repositories/{workspace}/{repo_slug}', '/2.0/repositories/acme/api-gateway'],
		['get', '/repositories/{workspace}/{repo_slug}/permissions-config/users', '/2.0/repositories/acme/api-gateway/permissions-config/users'],
		['get', '/repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}', () => `/2.0/repositories/acme/api-gateway/permissions-config/users/${ids.get('lilei')}`],
		['put', '/repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}', () => `/2.0/repositories/acme/api-gateway/permissions-config/users/${ids.get('dscully')}`, {permission: 'admin'}],
		['get', '/repositories/{workspace}/{repo_slug}/permissions-config/groups', '/2.0/repositories/acme/data-pipeline/permissions-config/groups'],
		['get', '/repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}', '/2.0/repositories/acme/data-pipeline/permissions-config/groups/contractors'],
		['put', '/repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}', '/2.0/repositories/acme/data-pipeline/permissions-config/groups/qa', {permission: 'write'}],
	];

	for (const [method, specPath, ourPath, body] of CASES) {
		it(`${method.toUpperCase()} ${specPath} matches the spec's 200 schema and example`, async () => {
			const operation = spec.paths[specPath]?.[method];
			assert.ok(operation, `the spec has ${method} ${specPath}`);
			const content = operation.responses['200']?.content?.['application/json'];
			const schema = content?.schema as {$ref?: string} | undefined;
			assert.ok(schema?.$ref, 'the spec names a response schema');
			const validate = ajv.getSchema(`bitbucket${schema.$ref}`);
			assert.ok(validate, `schema ${schema.$ref} compiles`);
			const response = await api(emu, typeof ourPath === 'function' ? ourPath() : ourPath, {method: method.toUpperCase(), body});
			assert.equal(response.status, 200, response.text);
			const valid = validate(response.json);
			assert.ok(valid, `${schema.$ref}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
			for (const [name, example] of Object.entries(content?.examples ?? {})) {
				assert.deepEqual(missingKeys(example.value, response.json, EXAMPLE_IGNORES[specPath]), [], `example '${name}' keys`);
			}
		});
	}

	it('GET /user/workspaces/{workspace}/permissions/repositories where the caller is no admin: spec schema, example and the repository_permission capture', async t => {
		// What sync reads for a workspace the account does not administer (acme-labs for the demo admin).
		const operation = spec.paths['/user/workspaces/{workspace}/permissions/repositories']!.get!;
		const content = operation.responses['200']!.content!['application/json']!;
		const validate = ajv.getSchema(`bitbucket${(content.schema as {$ref: string}).$ref}`)!;
		const response = await api(emu, '/2.0/user/workspaces/acme-labs/permissions/repositories?pagelen=100');
		assert.equal(response.status, 200, response.text);
		assert.ok(validate(response.json), JSON.stringify(validate.errors?.slice(0, 5)));
		const page = response.json as {values: Array<{permission: string; repository: {full_name: string}}>};
		assert.ok(page.values.length > 0, 'the demo admin has own levels in acme-labs');
		assert.ok(page.values.every(item => item.repository.full_name.startsWith('acme-labs/')));
		for (const example of Object.values(content.examples ?? {})) assert.deepEqual(missingKeys(example.value, response.json), []);
		// The spec documents the same item shape as the workspace-wide listing, of which there is a capture.
		const fixture = path.join(FIXTURES, 'goscm_2023_workspace_permissions_repositories_repo.json');
		if (!existsSync(fixture)) return t.skip(`fixture absent: ${fixture}`);
		const captured = JSON.parse(readFileSync(fixture, 'utf8')) as {values: unknown[]};
		assert.deepEqual(missingKeys(captured.values, page.values), []);
	});

	it('serves errors in the spec\'s error envelope', async () => {
		const validate = ajv.getSchema('bitbucket#/components/schemas/error')!;
		for (const [path, auth] of [['/2.0/workspaces/nope', undefined], ['/2.0/user', basicAuth('nobody@acme.test', 'x')], ['/2.0/workspaces', undefined]] as const) {
			const response = await api(emu, path, {auth});
			assert.ok(response.status >= 400);
			assert.ok(validate(response.json), `${path}: ${JSON.stringify(validate.errors)}`);
		}
	});

	const FIXTURE_CASES: Array<[file: string, path: string, ignore?: RegExp[]]> = [
		// 2018 capture: `username` was removed from user objects in 2019 (GDPR).
		['goscm_2018_repositories_role_member_cursor.json', '/2.0/repositories/acme', [/\.username$/]],
		['goscm_2023_workspace_permissions_repositories_repo.json', '/2.0/workspaces/acme/permissions/repositories/api-gateway'],
		['goscm_repositories_atlassian_page1.json', '/2.0/repositories/acme'],
		['goscm_repositories_atlassian_page2.json', '/2.0/repositories/acme?page=2'],
		['sourcegraph_2022_repositories_workspace_page1.json', '/2.0/repositories/acme?pagelen=1'],
		['sourcegraph_2022_repositories_workspace_page2.json', '/2.0/repositories/acme?pagelen=1&page=2'],
		['sourcegraph_2022_user.json', '/2.0/user'],
		['xsoar_projects_workspace_page1_anonymized.json', '/2.0/workspaces/acme/projects?pagelen=2'],
	];
	for (const [file, ourPath, ignore] of FIXTURE_CASES) {
		it(`has the keys of the real capture ${file}`, async t => {
			const fixture = path.join(FIXTURES, file);
			if (!existsSync(fixture)) return t.skip(`fixture absent: ${fixture}`);
			const response = await api(emu, ourPath);
			assert.equal(response.status, 200);
			const captured = JSON.parse(readFileSync(fixture, 'utf8')) as unknown;
			assert.deepEqual(missingKeys(captured, response.json, ignore), []);
		});
	}
});
