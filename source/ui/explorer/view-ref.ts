/**
 * Where the explorer is: one ViewRef per screen. Serialisable, so the app shell can open the
 * explorer on a given view (e.g. `bbaccess --user lilei` → {view: 'person', uuid}).
 */

export type WorkspaceSection = 'members' | 'groups' | 'projects' | 'repositories';

export type ViewRef =
	| {view: 'workspaces'}
	| {view: 'workspace'; workspace: string; section?: WorkspaceSection}
	| {view: 'group'; workspace: string; slug: string}
	| {view: 'project'; workspace: string; key: string}
	| {view: 'repository'; fullName: string}
	| {view: 'person'; uuid: string}
	| {view: 'request-log'}
	| {view: 'findings'}
	/** What changed since the previous kept snapshot, or since a chosen one (`since`: an id, prefix or `latest~N`). */
	| {view: 'changes'; since?: string}
	/** The change journal of this account (every session and the CLI), newest first. */
	| {view: 'journal'}
	/** One journaled change or batch (its id, or a prefix of it), item by item. */
	| {view: 'journal-entry'; batch: string};

export type ViewKind = ViewRef['view'];

export const VIEW_KINDS: readonly ViewKind[] = ['workspaces', 'workspace', 'group', 'project', 'repository', 'person', 'request-log', 'findings', 'changes', 'journal', 'journal-entry'];

/** A stable key per view (selection, filter and sort are remembered per key). */
export function viewKey(ref: ViewRef): string {
	switch (ref.view) {
		case 'workspaces':
		case 'request-log':
		case 'findings':
		case 'journal':
			return ref.view;
		case 'changes':
			return ref.since === undefined ? 'changes' : `changes:${ref.since}`;
		case 'journal-entry':
			return `journal-entry:${ref.batch}`;
		case 'workspace':
			return `workspace:${ref.workspace}`;
		case 'group':
			return `group:${ref.workspace}:${ref.slug}`;
		case 'project':
			return `project:${ref.workspace}:${ref.key}`;
		case 'repository':
			return `repository:${ref.fullName}`;
		case 'person':
			return `person:${ref.uuid}`;
	}
}

export function sameView(a: ViewRef, b: ViewRef): boolean {
	return viewKey(a) === viewKey(b);
}

/** The workspace a view belongs to, when it belongs to one. */
export function workspaceOf(ref: ViewRef): string | undefined {
	switch (ref.view) {
		case 'workspace':
		case 'group':
		case 'project':
			return ref.workspace;
		case 'repository':
			return ref.fullName.split('/')[0];
		default:
			return undefined;
	}
}
