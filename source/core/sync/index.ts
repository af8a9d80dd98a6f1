export {syncAccess} from './sync-access.js';
export {loadRepositoryGrants, estimateDeepSync, fetchRepositoryGrants, type LoadRepositoryGrantsOptions, type RepositoryGrantsResult} from './repository-grants.js';
export {loadSnapshot, saveSnapshot, snapshotFile} from './snapshot-cache.js';
export {refreshedSnapshot, type RefreshDecision} from './refresh.js';
export type {SyncOptions, SyncProgress, SyncSummary, DeepSyncEstimate} from './types.js';
