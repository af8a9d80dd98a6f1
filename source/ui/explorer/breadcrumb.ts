/**
 * The breadcrumb is the path the admin actually took (the history stack, like a browser), so Esc
 * always goes where the breadcrumb says. One short label per view; a workspace with partial
 * visibility carries a marker.
 */
import type {AccessGraph} from '../../core/graph/index.js';
import type {ViewRef} from './view-ref.js';

export function viewLabel(graph: AccessGraph | undefined, ref: ViewRef): string {
	switch (ref.view) {
		case 'workspaces':
			return 'workspaces';
		case 'workspace':
			return (graph?.workspace(ref.workspace)?.partial.length ?? 0) > 0 ? `${ref.workspace} !partial` : ref.workspace;
		case 'group':
			return `group ${ref.slug}`;
		case 'project':
			return ref.key;
		case 'repository':
			return ref.fullName.slice(ref.fullName.indexOf('/') + 1);
		case 'person': {
			const user = graph?.user(ref.uuid);
			if (!user) return 'person';
			return user.nickname && user.nickname !== user.displayName ? `${user.displayName} (${user.nickname})` : user.displayName;
		}
		case 'request-log':
			return 'request log';
		case 'findings':
			return 'findings';
		case 'changes':
			return ref.since === undefined ? 'changes' : `changes since ${ref.since}`;
		case 'journal':
			return 'journal';
		case 'journal-entry':
			return `change ${ref.batch.slice(0, 8)}`;
	}
}

export function breadcrumb(graph: AccessGraph | undefined, stack: readonly ViewRef[]): string[] {
	return stack.map(ref => viewLabel(graph, ref));
}

/**
 * Where a view lives, from the top: the stack a view opened directly (e.g. `bbaccess --repo`)
 * starts with, so Esc walks up its location.
 */
export function locationChain(ref: ViewRef, projectOf?: (fullName: string) => string | undefined): ViewRef[] {
	const root: ViewRef = {view: 'workspaces'};
	switch (ref.view) {
		case 'workspaces':
			return [ref];
		case 'workspace':
			return [root, ref];
		case 'group':
		case 'project':
			return [root, {view: 'workspace', workspace: ref.workspace}, ref];
		case 'repository': {
			const workspace = ref.fullName.split('/')[0]!;
			const key = projectOf?.(ref.fullName);
			return key ? [root, {view: 'workspace', workspace}, {view: 'project', workspace, key}, ref] : [root, {view: 'workspace', workspace}, ref];
		}
		case 'journal-entry':
			return [root, {view: 'journal'}, ref];
		default:
			return [root, ref];
	}
}
