/**
 * Access changes: plan → confirm → apply → verify → journal (docs/changes.md).
 * The CLI commands and the TUI dialogs use ChangeService; they only render plans and results.
 */
export {ChangeService, type ApplyOptions, type ChangeServiceOptions, type ServiceClient} from './service.js';
export {Journal, type JournalReadResult} from './journal.js';
export {createBackendChangeService, type BackendChangeOptions} from './backend-service.js';
export {resolveUser, resolveGroup, resolveTarget, parseLevel} from './resolve.js';
export {formatPlan, formatResult, formatJournalEntry} from './format.js';
export {explicitTransition, TYPED_CONFIRMATION_PEOPLE} from './planner.js';
export {requiredScopes, MANAGED_CENTRALLY_TEXT} from './constraints.js';
export {mutationRequest, readRequest, permissionPath, groupMemberPath} from './endpoints.js';
export {explicitLevel, groupGrantTargets, toGrantRefs, type GrantRef} from './graph-helpers.js';
export {userShortName, targetLongName} from './describe.js';
export type * from './types.js';
export {userAccessRemovals, grantLocation, knownNoExplicitEntry, revokeOption, leaveGroupOption, revokeReach, groupReach, repositoriesReached, type RemovalOption, type RealSources, type Reach} from './real-source.js';
