/** Turns a scenario option (built-in name, file path or object) into a validated scenario with the demo logins. */
import {readFile} from 'node:fs/promises';
import {ALL_SCOPES, DEMO_ADMIN, DEMO_READER, READ_SCOPES, type Scenario, type ScenarioUser} from './scenario.js';
import {ScenarioError, validateScenario} from './scenario-validate.js';
import {demoScenario} from './scenarios/demo.js';
import {generateScenario, GENERATED_SIZES, type GeneratedSize} from './scenarios/generate.js';

export {GENERATED_SIZES};

export type ScenarioSource = 'demo' | GeneratedSize | (string & {}) | Scenario;

/** The workspace where the demo admin is only a plain member. */
const LABS = 'acme-labs';

function uniqueNickname(taken: Set<string>, wanted: string): string {
	let name = wanted;
	for (let i = 2; taken.has(name); i++) name = `${wanted}${i}`;
	return name;
}

/**
 * Every scenario contains the two demo logins. When a scenario lacks one, an account is added:
 * the admin owns every workspace except acme-labs (plain member there), the reader is a plain member everywhere.
 */
export function withDemoLogins(scenario: Scenario): Scenario {
	const byEmail = (email: string) => scenario.users.find(user => user.email?.toLowerCase() === email);
	const taken = new Set(scenario.users.map(user => user.nickname));
	const ensure = (email: string, token: string, scopes: readonly string[], nickname: string, displayName: string, owner: boolean) => {
		const existing = byEmail(email);
		if (existing) {
			if (!existing.tokens?.some(t => t.token === token)) (existing.tokens ??= []).push({token, scopes: [...scopes]});
			return;
		}
		const user: ScenarioUser = {nickname: uniqueNickname(taken, nickname), displayName, email, tokens: [{token, scopes: [...scopes]}]};
		taken.add(user.nickname);
		scenario.users.push(user);
		for (const ws of scenario.workspaces) {
			if (owner && ws.slug !== LABS) ws.owners.push(user.nickname);
			else ws.members.push(user.nickname);
		}
	};
	ensure(DEMO_ADMIN.email, DEMO_ADMIN.token, ALL_SCOPES, 'demo-admin', 'Demo Admin', true);
	ensure(DEMO_READER.email, DEMO_READER.token, READ_SCOPES, 'demo-reader', 'Demo Reader', false);
	return scenario;
}

async function readScenarioFile(path: string): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ScenarioError(`cannot read scenario file '${path}'${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
	}
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new ScenarioError(`scenario file '${path}' is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
}

export async function resolveScenario(source: ScenarioSource, seed = 1): Promise<Scenario> {
	let scenario: Scenario;
	if (typeof source === 'object') {
		scenario = validateScenario(structuredClone(source));
	} else if (source === 'demo') {
		scenario = demoScenario();
	} else if ((GENERATED_SIZES as readonly string[]).includes(source)) {
		scenario = generateScenario(source as GeneratedSize, seed);
	} else if (source.endsWith('.json') || source.includes('/')) {
		try {
			scenario = validateScenario(await readScenarioFile(source));
		} catch (error) {
			if (error instanceof ScenarioError && !error.message.startsWith('cannot read') && !error.message.startsWith('scenario file')) {
				throw new ScenarioError(`${source}: ${error.message}`);
			}
			throw error;
		}
	} else {
		throw new ScenarioError(`unknown scenario '${source}' (use demo, ${GENERATED_SIZES.join(', ')} or a path to a .json file)`);
	}
	return withDemoLogins(scenario);
}
