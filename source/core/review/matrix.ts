/**
 * A person × repository access matrix for the report's heat map: the repositories of a project,
 * or the repositories a group reaches; the people who reach them (or the group's members); each
 * cell the person's effective level there.
 */
import {BbError} from '../errors.js';
import type {AccessGraph} from '../graph/index.js';
import type {Level, Target} from '../model.js';
import {userName} from './targets.js';

export interface AccessMatrix {
	title: string;
	repositories: string[];
	people: {uuid: string; name: string}[];
	/** levels[person][repository]; undefined = no access. */
	levels: (Level | undefined)[][];
	/** Repositories whose answer is incomplete (grants not loaded): their column is marked. */
	incomplete: string[];
}

function repoTarget(workspace: string, fullName: string): Target {
	return {type: 'repository', workspace, fullName};
}

export function accessMatrix(graph: AccessGraph, workspace: string, of: {project?: string; group?: string}): AccessMatrix {
	if (!graph.workspace(workspace)) throw new BbError('usage', `workspace '${workspace}' is not in the snapshot`);
	let repositories: string[];
	let people: string[] | undefined;
	let title: string;
	if (of.project !== undefined) {
		if (!graph.project(workspace, of.project)) throw new BbError('usage', `project '${of.project}' is not in ${workspace}`);
		repositories = graph.repositoriesOf(workspace, of.project).map(repository => repository.fullName);
		title = `project ${workspace}:${of.project}`;
	} else if (of.group !== undefined) {
		const group = graph.group(workspace, of.group);
		if (!group) throw new BbError('usage', `group '${of.group}' is not in ${workspace}`);
		const grants = graph.grantsOfGroup(workspace, of.group);
		const names = new Set(grants.repositories.map(grant => grant.repository));
		for (const grant of grants.projects) for (const repository of graph.repositoriesOf(workspace, grant.project)) names.add(repository.fullName);
		repositories = [...names];
		people = group.members;
		title = `group ${workspace}:${of.group}`;
	} else throw new BbError('usage', 'the matrix needs --project or --group');
	repositories.sort();
	const answers = repositories.map(fullName => graph.effectiveAccess(repoTarget(workspace, fullName)));
	if (!people) {
		const seen = new Set<string>();
		for (const answer of answers) for (const entry of answer.entries) seen.add(entry.user.uuid);
		people = [...seen];
	}
	const named = people.map(uuid => ({uuid, name: userName(graph.user(uuid), uuid)})).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const byRepo = answers.map(answer => new Map(answer.entries.map(entry => [entry.user.uuid, entry.level])));
	return {
		title,
		repositories,
		people: named,
		levels: named.map(person => byRepo.map(levels => levels.get(person.uuid))),
		incomplete: repositories.filter((_, index) => !answers[index]!.complete),
	};
}
