/**
 * One builder per view kind: (context, ref) → ScreenModel.
 */
import type {ViewRef} from '../view-ref.js';
import {projectScreen, repositoryScreen} from './access-screens.js';
import {groupScreen, personScreen, requestLogScreen} from './people-screens.js';
import type {ScreenContext, ScreenModel} from './screen-model.js';
import {workspaceScreen, workspacesScreen} from './workspace-screens.js';
import {changesScreen, findingsScreen} from '../../review/review-screens.js';
import {journalEntryScreen, journalScreen} from '../../journal/journal-screens.js';

export type {Notice, ScreenContext, ScreenModel, SectionModel} from './screen-model.js';

export function buildScreen(ctx: ScreenContext, ref: ViewRef): ScreenModel {
	switch (ref.view) {
		case 'workspaces':
			return workspacesScreen(ctx, ref);
		case 'workspace':
			return workspaceScreen(ctx, ref);
		case 'group':
			return groupScreen(ctx, ref);
		case 'project':
			return projectScreen(ctx, ref);
		case 'repository':
			return repositoryScreen(ctx, ref);
		case 'person':
			return personScreen(ctx, ref);
		case 'request-log':
			return requestLogScreen(ctx, ref);
		case 'findings':
			return findingsScreen(ctx, ref);
		case 'changes':
			return changesScreen(ctx, ref);
		case 'journal':
			return journalScreen(ctx, ref);
		case 'journal-entry':
			return journalEntryScreen(ctx, ref);
	}
}
