/**
 * The views of the setup wizard's steps. Pure: they render the state; setup-wizard.tsx owns input.
 */
import {Box} from 'ink';
import {Text} from '../components/text.js';
import {SCOPES, TOKEN_CREATION_STEPS, type ScopeCheck, type VerifyResult} from '../../core/credentials/index.js';
import {useTheme} from '../theme.js';
import {TextField} from './text-input.js';
import type {WizardError, WizardState} from './wizard-state.js';

export function ErrorLine({error}: {error?: WizardError}) {
	const theme = useTheme();
	if (!error) return null;
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text color={theme.status.error}>{`✗ ${error.message}`}</Text>
			{error.hint ? <Text color={theme.text.secondary}>{`  ${error.hint}`}</Text> : null}
		</Box>
	);
}

export function KeyHints({hints}: {hints: Array<[string, string]>}) {
	const theme = useTheme();
	return (
		<Box marginTop={1}>
			<Text color={theme.text.muted}>
				{hints.map(([key, what], index) => (
					<Text key={key}>
						{index > 0 ? ' · ' : ''}
						<Text color={theme.key}>{key}</Text>
						{` ${what}`}
					</Text>
				))}
			</Text>
		</Box>
	);
}

const SCOPE_WIDTH = Math.max(...SCOPES.map(scope => scope.scope.length));

const KIND_LABEL = {read: 'required', admin: 'to see and change permissions', change: 'only for grant / revoke'} as const;

export function IntroStep() {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text>Sign in with your Atlassian account email and an API token with scopes.</Text>
			<Text>The token goes only to your OS keychain; nothing is saved until the last step.</Text>
			<Box flexDirection="column" marginTop={1}>
				<Text bold>Create a token:</Text>
				{TOKEN_CREATION_STEPS.map((line, index) => (
					<Text key={line}>{`  ${index + 1}. ${line}`}</Text>
				))}
			</Box>
			<Box flexDirection="column" marginTop={1}>
				<Text bold>Scopes:</Text>
				{SCOPES.map(scope => (
					<Text key={scope.scope}>
						{`  ${scope.scope.padEnd(SCOPE_WIDTH)}  `}
						<Text color={theme.text.secondary}>{KIND_LABEL[scope.kind]}</Text>
					</Text>
				))}
			</Box>
		</Box>
	);
}

export function EmailStep({state}: {state: WizardState}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text bold>Atlassian account email</Text>
			<Text color={theme.text.secondary}>The email you sign in to bitbucket.org with, not your Bitbucket username.</Text>
			<Box marginTop={1}>
				<Text color={theme.accent}>{'Email: '}</Text>
				<TextField value={state.email} placeholder="you@example.com" />
			</Box>
			<ErrorLine error={state.error} />
		</Box>
	);
}

export function TokenStep({state}: {state: WizardState}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text bold>{`API token for ${state.email}`}</Text>
			<Text color={theme.text.secondary}>Paste it (it is not shown). Spaces and line breaks around it are removed.</Text>
			<Box marginTop={1}>
				<Text color={theme.accent}>{'Token: '}</Text>
				<TextField value={state.token} mask placeholder="paste the token" />
			</Box>
			<ErrorLine error={state.error} />
		</Box>
	);
}

export function VerifyingStep({apiUrl}: {apiUrl: string}) {
	return <Text>{`Checking the email and token against ${apiUrl}…`}</Text>;
}

function mark(check: ScopeCheck): string {
	return check.status === 'ok' ? '✓' : check.status === 'missing' ? '✗' : '?';
}

export function ScopeList({result}: {result: VerifyResult}) {
	const theme = useTheme();
	// Why a scope is not ok is said once below the list, for all the scopes it applies to.
	const notes = new Map<string, string[]>();
	for (const check of result.scopes) {
		if (check.status !== 'unknown' || !check.note) continue;
		notes.set(check.note, [...(notes.get(check.note) ?? []), check.scope.replace(/:bitbucket$/, '')]);
	}
	return (
		<Box flexDirection="column">
			{result.scopes.map(check => {
				const color = check.status === 'ok' ? theme.status.ok : check.status === 'missing' ? theme.status.error : theme.status.warn;
				const word = check.status === 'ok' ? 'ok' : check.status === 'missing' ? 'MISSING' : 'unchecked';
				return (
					<Text key={check.scope}>
						<Text color={color}>{`  ${mark(check)} ${check.scope.padEnd(SCOPE_WIDTH)}  ${word.padEnd(9)}`}</Text>
						<Text color={theme.text.secondary}>{`  ${check.enables}`}</Text>
					</Text>
				);
			})}
			{[...notes].map(([note, scopes]) => (
				<Text key={note} color={theme.text.secondary}>{`  ${scopes.join(', ')}: ${note}`}</Text>
			))}
		</Box>
	);
}

export function ScopesStep({state}: {state: WizardState}) {
	const theme = useTheme();
	const result = state.result!;
	const who = result.account ? `${result.account.displayName} <${result.account.email}>` : state.email;
	return (
		<Box flexDirection="column">
			<Text color={theme.status.ok}>{`✓ Signed in as ${who}`}</Text>
			<Box marginTop={1} flexDirection="column">
				<Text bold>Token scopes</Text>
				<ScopeList result={result} />
			</Box>
			{result.missingReadScopes.length > 0 ? (
				<Box marginTop={1} flexDirection="column">
					<Text color={theme.status.error}>{`✗ bbaccess cannot work without ${result.missingReadScopes.join(', ')}.`}</Text>
					<Text>  Scopes are fixed when a token is created: create a new token that includes them, then paste it here.</Text>
				</Box>
			) : result.readOnlyReason ? (
				<Box marginTop={1} flexDirection="column">
					<Text color={theme.status.warn}>! Read-only setup: grant and revoke stay disabled (the token lacks the scopes marked ✗).</Text>
					<Text>  You can browse access now; log in again with a token that has them to make changes.</Text>
				</Box>
			) : state.readOnlyChosen ? (
				<Box marginTop={1}>
					<Text color={theme.status.warn}>! Read-only setup chosen: grant and revoke stay disabled (r allows changes).</Text>
				</Box>
			) : (
				<Box marginTop={1}>
					<Text>Grant and revoke will be allowed (each confirmed first); r: read-only setup.</Text>
				</Box>
			)}
		</Box>
	);
}

export function WorkspacesStep({state}: {state: WizardState}) {
	const theme = useTheme();
	const workspaces = state.result?.workspaces ?? [];
	if (workspaces.length === 0) {
		return (
			<Box flexDirection="column">
				<Text color={theme.status.error}>{`✗ ${state.email} cannot see any workspace.`}</Text>
				<Text>  Ask a workspace admin to invite this Atlassian account, or go back and sign in with the email of an account that is a member.</Text>
			</Box>
		);
	}
	const width = Math.max(...workspaces.map(workspace => workspace.slug.length));
	return (
		<Box flexDirection="column">
			<Text bold>{`Workspaces to explore (${state.selected.length} of ${workspaces.length} chosen)`}</Text>
			{workspaces.map((workspace, index) => {
				const chosen = state.selected.includes(workspace.slug);
				const current = index === state.cursor;
				return (
					<Text key={workspace.slug} color={current ? theme.accent : undefined}>
						{`${current ? '›' : ' '} [${chosen ? 'x' : ' '}] ${workspace.slug.padEnd(width)}${workspace.name !== workspace.slug ? `  ${workspace.name}` : ''}${workspace.administrator ? '  (you administer it)' : ''}`}
					</Text>
				);
			})}
			<ErrorLine error={state.error} />
		</Box>
	);
}

export function FailedStep({state, what}: {state: WizardState; what: string}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text color={theme.status.error}>{`✗ ${what}`}</Text>
			<ErrorLine error={state.error} />
		</Box>
	);
}

export function DoneStep({state}: {state: WizardState}) {
	const theme = useTheme();
	const saved = state.saved!;
	return (
		<Box flexDirection="column">
			<Text color={theme.status.ok}>{`✓ Saved the login for ${saved.email}.`}</Text>
			<Text>{`  Token:      OS keychain, ${saved.keychainEntry}`}</Text>
			<Text>{`  Settings:   ${saved.configFile}`}</Text>
			<Text>{`  Workspaces: ${saved.workspaces.length > 0 ? saved.workspaces.join(', ') : 'all you can see'}`}</Text>
			{saved.readOnly ? <Text color={theme.status.warn}>{`  Read-only:  ${saved.readOnlyReason ?? 'yes'}`}</Text> : null}
			{saved.isDefault === false ? <Text color={theme.status.warn}>{`  API URL:    ${saved.apiUrl}, not the default: pass --api-url ${saved.apiUrl} to use this login`}</Text> : null}
			<Box marginTop={1}>
				<Text>
					{'Next: run '}
					<Text color={theme.accent}>bbaccess</Text>
					{' to explore who can reach what.'}
				</Text>
			</Box>
		</Box>
	);
}
