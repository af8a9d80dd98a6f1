export {BitbucketClient, apiPath, encodePathSegment, type ClientOptions, type CallOptions, type Query, type RetryPolicy} from './client.js';
export {RequestLog, type RequestLogEntry} from './request-log.js';
export {RequestBudget, budgetFile, accountHash, type RequestBudgetOptions} from './budget.js';
export * from './api.js';
export * from './mappers.js';
export type * from './models.js';
