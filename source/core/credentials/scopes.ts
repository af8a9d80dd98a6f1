/**
 * The API-token scopes bbaccess asks for, and what each one enables (research spec 2.2).
 * Scopes are fixed when the token is created, so the wizard names all of them up front.
 */

export type ScopeKind = 'read' | 'admin' | 'change';

export interface ScopeInfo {
	scope: string;
	kind: ScopeKind;
	/** What the scope enables in bbaccess, in a few words. */
	enables: string;
}

export const SCOPES: readonly ScopeInfo[] = [
	{scope: 'read:user:bitbucket', kind: 'read', enables: 'who you are'},
	{scope: 'read:workspace:bitbucket', kind: 'read', enables: 'workspaces, members and owners'},
	{scope: 'read:project:bitbucket', kind: 'read', enables: 'projects and their permissions'},
	{scope: 'read:repository:bitbucket', kind: 'read', enables: 'repositories and their permissions'},
	{scope: 'admin:workspace:bitbucket', kind: 'admin', enables: 'groups and their members'},
	{scope: 'admin:project:bitbucket', kind: 'admin', enables: 'project permission settings'},
	{scope: 'admin:repository:bitbucket', kind: 'admin', enables: 'repository permission settings'},
	{scope: 'write:permission:bitbucket', kind: 'change', enables: 'grant: add or change a permission'},
	{scope: 'delete:permission:bitbucket', kind: 'change', enables: 'revoke: remove a permission'},
];

export const READ_SCOPES = SCOPES.filter(scope => scope.kind === 'read').map(scope => scope.scope);
export const ADMIN_SCOPES = SCOPES.filter(scope => scope.kind === 'admin').map(scope => scope.scope);
export const CHANGE_SCOPES = SCOPES.filter(scope => scope.kind === 'change').map(scope => scope.scope);

export function scopeInfo(scope: string): ScopeInfo | undefined {
	return SCOPES.find(item => item.scope === scope);
}

/** Where to create a token, as the wizard and the docs say it. */
export const TOKEN_CREATION_STEPS = [
	'Open https://id.atlassian.com/manage-profile/security/api-tokens',
	'Choose "Create API token with scopes", name it, pick an expiry',
	'Select the app "Bitbucket", then tick the scopes below',
	'Create, then copy the token (it is shown only once)',
] as const;
