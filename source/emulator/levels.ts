/**
 * Bitbucket's permission levels, as the emulator implements them (research spec 2.7). Kept apart
 * from source/core/model.ts on purpose: the emulator is the reference the client is tested against,
 * so it must not share the client's permission code (a bug there would hide in both).
 */

export const PROJECT_LEVELS = ['read', 'write', 'create-repo', 'admin'] as const;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];

export const REPO_LEVELS = ['read', 'write', 'admin'] as const;
export type RepoLevel = (typeof REPO_LEVELS)[number];

const RANK: Record<ProjectLevel, number> = {read: 1, write: 2, 'create-repo': 3, admin: 4};

export function levelRank(level: ProjectLevel): number {
	return RANK[level];
}

/** A project grant's level on each repository of the project: create-repo gives write. */
export function projectLevelOnRepository(level: ProjectLevel): RepoLevel {
	return level === 'create-repo' ? 'write' : level;
}

export function isProjectLevel(value: unknown): value is ProjectLevel {
	return typeof value === 'string' && (PROJECT_LEVELS as readonly string[]).includes(value);
}

export function isRepoLevel(value: unknown): value is RepoLevel {
	return typeof value === 'string' && (REPO_LEVELS as readonly string[]).includes(value);
}
