/**
 * Generated scenarios (medium, large, xl): one workspace each, deterministic from the seed, with
 * believable names and skewed distributions (≈1% owners, groups of 0–300 members, projects with
 * 0–8 user and 0–4 group grants, ≈30% of repositories with 1–5 user and 0–2 group grants).
 */
import type {ProjectLevel, RepoLevel} from '../levels.js';
import {createRandom, pick, randomInt, sample, type Random} from '../random.js';
import type {Scenario, ScenarioGroup, ScenarioProject, ScenarioRepository, ScenarioUser} from '../scenario.js';
import {FIRST_NAMES, GROUP_SUFFIXES, LANGUAGES, LAST_NAMES, NATIVE_NAMES, REPO_NOUNS, TEAM_WORDS} from './names.js';

export const GENERATED_SIZES = ['medium', 'large', 'xl'] as const;
export type GeneratedSize = (typeof GENERATED_SIZES)[number];

export const SIZE_SPECS: Record<GeneratedSize, {slug: string; name: string; members: number; groups: number; projects: number; repositories: number}> = {
	medium: {slug: 'globex', name: 'Globex Corporation', members: 300, groups: 25, projects: 20, repositories: 400},
	large: {slug: 'initech', name: 'Initech', members: 2000, groups: 120, projects: 150, repositories: 3000},
	xl: {slug: 'hooli', name: 'Hooli', members: 10_000, groups: 500, projects: 1000, repositories: 20_000},
};

function asciiFold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ø/gi, 'o')
		.replace(/ł/gi, 'l')
		.replace(/ß/g, 'ss')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

function unique(taken: Set<string>, wanted: string, separator = ''): string {
	let name = wanted;
	for (let i = 2; taken.has(name); i++) name = `${wanted}${separator}${i}`;
	taken.add(name);
	return name;
}

function weighted<T extends string>(random: Random, weights: Array<[T, number]>): T {
	let r = random();
	for (const [value, weight] of weights) {
		if (r < weight) return value;
		r -= weight;
	}
	return weights[weights.length - 1]![0];
}

const PROJECT_LEVEL_WEIGHTS: Array<[ProjectLevel, number]> = [['read', 0.4], ['write', 0.35], ['create-repo', 0.1], ['admin', 0.15]];
const REPO_LEVEL_WEIGHTS: Array<[RepoLevel, number]> = [['read', 0.35], ['write', 0.45], ['admin', 0.2]];

function makeUsers(random: Random, count: number): ScenarioUser[] {
	const nicknames = new Set<string>();
	const users: ScenarioUser[] = [];
	for (let i = 0; i < count; i++) {
		if (random() < 0.03) {
			users.push({nickname: unique(nicknames, `user${i}`), displayName: pick(random, NATIVE_NAMES)});
			continue;
		}
		const first = pick(random, FIRST_NAMES);
		const last = pick(random, LAST_NAMES);
		const style = random();
		const base = style < 0.5 ? `${asciiFold(first)[0] ?? 'x'}${asciiFold(last)}` : style < 0.8 ? `${asciiFold(first)}.${asciiFold(last)}` : `${asciiFold(first)}${randomInt(random, 1, 99)}`;
		users.push({nickname: unique(nicknames, base || `user${i}`), displayName: `${first} ${last}`});
	}
	return users;
}

export function generateScenario(size: GeneratedSize, seed = 1): Scenario {
	const spec = SIZE_SPECS[size];
	const random = createRandom(seed * 7919 + spec.members);
	const users = makeUsers(random, spec.members);
	const nicknames = users.map(user => user.nickname);
	const ownerCount = Math.max(1, Math.round(spec.members * 0.01));
	const owners = sample(random, nicknames, ownerCount);
	const ownerSet = new Set(owners);
	const plainMembers = nicknames.filter(nick => !ownerSet.has(nick));

	const groupSlugs = new Set<string>();
	const groups: ScenarioGroup[] = [];
	for (let i = 0; i < spec.groups; i++) {
		const slug = unique(groupSlugs, `${pick(random, TEAM_WORDS)}-${pick(random, GROUP_SUFFIXES)}`, '-');
		// Skewed sizes: most groups are small, a few are large; some are empty.
		const memberCount = i === 0 ? 0 : Math.min(nicknames.length, Math.floor(300 * random() ** 2.5));
		const name = slug
			.split('-')
			.map(word => word[0]!.toUpperCase() + word.slice(1))
			.join(' ');
		groups.push({slug, name, members: sample(random, nicknames, memberCount)});
	}
	const groupList = [...groupSlugs];

	const keys = new Set<string>();
	const projects: ScenarioProject[] = [];
	for (let i = 0; i < spec.projects; i++) {
		const team = pick(random, TEAM_WORDS);
		const key = unique(keys, team.slice(0, 4).toUpperCase().replace(/[^A-Z0-9]/g, '') || 'PRJ');
		const users: Record<string, ProjectLevel> = {};
		for (const nick of sample(random, plainMembers, randomInt(random, 0, 8))) users[nick] = weighted(random, PROJECT_LEVEL_WEIGHTS);
		const grantsToGroups: Record<string, ProjectLevel> = {};
		for (const slug of sample(random, groupList, randomInt(random, 0, 4))) grantsToGroups[slug] = weighted(random, PROJECT_LEVEL_WEIGHTS);
		const suffix = pick(random, ['Services', 'Apps', 'Platform', 'Tools', 'Core', 'Labs', 'Infrastructure']);
		projects.push({key, name: `${team[0]!.toUpperCase()}${team.slice(1)} ${suffix}${key.length > 4 ? ` ${key.slice(4)}` : ''}`, description: `${suffix} of the ${team} team`, users, groups: grantsToGroups});
	}

	const repoSlugs = new Set<string>();
	const repositories: ScenarioRepository[] = [];
	for (let i = 0; i < spec.repositories; i++) {
		// Skewed: low project indexes get most repositories, some projects get none.
		const project = projects[Math.floor(spec.projects * random() ** 1.6)]!;
		const team = project.description!.split(' of the ')[1]!.split(' ')[0]!;
		const slug = unique(repoSlugs, `${team}-${pick(random, REPO_NOUNS)}`, '-');
		const repo: ScenarioRepository = {slug, project: project.key, language: pick(random, LANGUAGES), isPrivate: random() >= 0.03};
		if (random() < 0.3) {
			const users: Record<string, RepoLevel> = {};
			for (const nick of sample(random, plainMembers, randomInt(random, 1, 5))) users[nick] = weighted(random, REPO_LEVEL_WEIGHTS);
			const grantsToGroups: Record<string, RepoLevel> = {};
			for (const group of sample(random, groupList, randomInt(random, 0, 2))) grantsToGroups[group] = weighted(random, REPO_LEVEL_WEIGHTS);
			repo.users = users;
			repo.groups = grantsToGroups;
		}
		repositories.push(repo);
	}

	return {
		name: size,
		description: `Generated ${size} scenario (seed ${seed}).`,
		users,
		workspaces: [{slug: spec.slug, name: spec.name, owners, members: plainMembers, groups, projects, repositories}],
	};
}
