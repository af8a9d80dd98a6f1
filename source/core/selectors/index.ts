/**
 * Selectors: plain functions graph → rows for a view or an export. No Ink, no state.
 */
export * from './via.js';
export * from './workspaces.js';
export * from './access.js';
export * from './group.js';
export * from './person.js';
export * from './request-log.js';
export * from './own-permission.js';
