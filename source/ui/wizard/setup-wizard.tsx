/**
 * The setup wizard: what is needed → email → token → verification and scope checklist →
 * workspaces → save. Esc goes back one step keeping everything typed; Ctrl-C leaves without
 * saving anything. One key handler for the whole wizard, on the one input layer (keys/keypress.tsx:
 * every key of a burst is its own event; a paste is text and never Enter), active only where raw
 * mode is supported.
 * The network and the keychain are reached only through the core services passed in.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import {Box, useStdin, type Key} from 'ink';
import {KeypressProvider, useHasKeypressProvider, useKeypress} from '../keys/keypress.js';
import {Text} from '../components/text.js';
import {
	saveCredentials,
	validateEmail,
	validateToken,
	verifyAndCount,
	type SaveCredentialsInput,
	type SavedCredentials,
	type VerifyOptions,
	type VerifyResult,
} from '../../core/credentials/index.js';
import {BbError} from '../../core/errors.js';
import {DEFAULT_API_URL} from '../../core/bitbucket/api-url.js';
import {useTheme} from '../theme.js';
import {editText} from './text-input.js';
import {DoneStep, EmailStep, FailedStep, IntroStep, KeyHints, ScopesStep, TokenStep, VerifyingStep, WorkspacesStep} from './wizard-steps.js';
import {initialWizardState, readOnlyReasonOf, wizardReducer, workspaceFilter, type WizardAction, type WizardError, type WizardState, type WizardStep} from './wizard-state.js';

export interface WizardServices {
	verify(options: VerifyOptions): Promise<VerifyResult>;
	save(input: SaveCredentialsInput): Promise<SavedCredentials>;
}

export const defaultWizardServices: WizardServices = {verify: verifyAndCount, save: saveCredentials};

export interface SetupWizardProps {
	apiUrl: string;
	/** Prefill the email (e.g. from an earlier login). */
	email?: string;
	/** The API URL later commands use now (config), so a different non-default one is asked about. */
	currentDefault?: string;
	services?: WizardServices;
	onDone(saved: SavedCredentials): void;
	/** Ctrl-C (or Esc on the first step): nothing was saved. Not called while saving is under way. */
	onCancel(): void;
}

const TITLES: Record<WizardStep, [number, string]> = {
	intro: [1, 'What you need'],
	email: [2, 'Account email'],
	token: [3, 'API token'],
	verifying: [4, 'Checking'],
	'verify-failed': [4, 'Checking'],
	scopes: [4, 'Scopes'],
	workspaces: [5, 'Workspaces'],
	saving: [6, 'Saving'],
	'save-failed': [6, 'Saving'],
	done: [6, 'Done'],
};

function asWizardError(error: unknown): WizardError {
	if (error instanceof BbError) return {message: error.message, hint: error.hint};
	return {message: error instanceof Error ? error.message : String(error)};
}

function verificationError(error: unknown, apiUrl: string, email: string): {rejected: boolean; error: WizardError} {
	if (error instanceof BbError && error.kind === 'auth') {
		return {
			rejected: true,
			error: {
				message: `Bitbucket rejected ${email} with this token (401).`,
				hint: 'Check that the email is your Atlassian account email and the token is complete, not expired or revoked. Ctrl-U clears the field; Esc goes back to the email.',
			},
		};
	}
	if (error instanceof BbError && error.kind === 'network') {
		const detail = error.message.replace(/^Could not reach \S+ for /, '');
		return {rejected: false, error: {message: `Cannot reach ${apiUrl} (${detail}).`, hint: 'Check the network connection and proxy settings (HTTPS_PROXY), then press Enter to try again.'}};
	}
	return {rejected: false, error: asWizardError(error)};
}

/** The wizard on the one input layer (keys/keypress.tsx): every key of a burst is applied, a paste is text. */
export function SetupWizard(props: SetupWizardProps) {
	const screen = <SetupWizardScreen {...props} />;
	return useHasKeypressProvider() ? screen : <KeypressProvider>{screen}</KeypressProvider>;
}

function SetupWizardScreen({apiUrl, email = '', currentDefault, services = defaultWizardServices, onDone, onCancel}: SetupWizardProps) {
	const theme = useTheme();
	const {isRawModeSupported} = useStdin();
	// Several input events can arrive before React renders (a paste split into keys, keys typed
	// fast): the handler must see the state after the previous event, so the reducer runs here
	// synchronously and the ref always holds the latest state.
	// Saving a non-default API URL as the default is the admin's explicit choice (asked, off at first).
	const askDefault = apiUrl !== DEFAULT_API_URL && apiUrl !== currentDefault;
	const stateRef = useRef<WizardState>({...initialWizardState, email, ...(askDefault ? {makeDefault: false} : {})});
	const [state, setState] = useState<WizardState>(stateRef.current);
	const dispatch = useCallback((action: WizardAction) => {
		stateRef.current = wizardReducer(stateRef.current, action);
		setState(stateRef.current);
	}, []);
	const mounted = useRef(true);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);

	const verify = useCallback(() => {
		dispatch({type: 'verify'});
		const {email: typedEmail, token, attempt: current} = stateRef.current;
		services.verify({apiUrl, email: typedEmail, token}).then(
			result => {
				if (mounted.current) dispatch({type: 'verified', attempt: current, result});
			},
			(error: unknown) => {
				if (!mounted.current) return;
				const outcome = verificationError(error, apiUrl, typedEmail);
				dispatch(outcome.rejected ? {type: 'rejected', attempt: current, error: outcome.error} : {type: 'verify-failed', attempt: current, error: outcome.error});
			},
		);
	}, [apiUrl, services, dispatch]);

	const save = useCallback(() => {
		const current = stateRef.current;
		dispatch({type: 'save'});
		const readOnlyReason = readOnlyReasonOf(current);
		services
			.save({apiUrl, email: current.email, token: current.token, workspaces: workspaceFilter(current), readOnly: readOnlyReason !== undefined, readOnlyReason, makeDefault: current.makeDefault})
			.then(
				saved => {
					if (mounted.current) dispatch({type: 'saved', saved});
				},
				(error: unknown) => {
					if (mounted.current) dispatch({type: 'save-failed', error: asWizardError(error)});
				},
			);
	}, [apiUrl, services, dispatch]);

	const handleInput = (input: string, key: Key) => {
		const current = stateRef.current;
		if (key.ctrl && input === 'c') {
			// While saving, leaving could not promise "nothing saved": the keychain write is already under way
			// (and bounded by its timeout), so Ctrl-C waits for the outcome screen.
			if (current.step !== 'saving') onCancel();
			return;
		}
		// Enter is "\r" in raw mode, "\n" when typed before raw mode was on (or as Ctrl-J): both are
		// the key "enter". A paste arrives as one line of text and never presses Enter.
		const enter = key.return;
		switch (current.step) {
			case 'intro':
				if (enter) dispatch({type: 'go', step: 'email'});
				else if (key.escape) onCancel();
				return;
			case 'email': {
				if (key.escape) return dispatch({type: 'go', step: 'intro'});
				const next = editText(current.email, input, key, {maxLength: 254});
				if (next !== undefined) dispatch({type: 'email', value: next.trimStart()});
				if (!enter) return;
				try {
					dispatch({type: 'email', value: validateEmail(stateRef.current.email)});
					dispatch({type: 'go', step: 'token'});
				} catch (error) {
					dispatch({type: 'invalid', error: asWizardError(error)});
				}
				return;
			}
			case 'token': {
				if (key.escape) return dispatch({type: 'go', step: 'email'});
				const next = editText(current.token, input, key);
				if (next !== undefined) dispatch({type: 'token', value: next});
				if (!enter) return;
				try {
					dispatch({type: 'token', value: validateToken(stateRef.current.token)});
					verify();
				} catch (error) {
					dispatch({type: 'invalid', error: asWizardError(error)});
				}
				return;
			}
			case 'verifying':
				// Esc abandons this check (its answer is ignored) and goes back to the token.
				if (key.escape) dispatch({type: 'go', step: 'token'});
				return;
			case 'verify-failed':
				if (enter) verify();
				else if (key.escape) dispatch({type: 'go', step: 'token'});
				return;
			case 'scopes':
				if (key.escape) return dispatch({type: 'go', step: 'token'});
				if (enter) dispatch({type: 'go', step: current.result!.missingReadScopes.length > 0 ? 'token' : 'workspaces'});
				else if (input === 'r' && current.result!.missingReadScopes.length === 0 && !current.result!.readOnlyReason) dispatch({type: 'toggle-read-only'});
				return;
			case 'workspaces': {
				if (key.escape) return dispatch({type: 'go', step: 'scopes'});
				const count = current.result?.workspaces.length ?? 0;
				if (count === 0) return;
				if (key.upArrow || input === 'k') dispatch({type: 'cursor', delta: -1});
				else if (key.downArrow || input === 'j') dispatch({type: 'cursor', delta: 1});
				else if (input === ' ') dispatch({type: 'toggle'});
				else if (input === 'a') dispatch({type: 'toggle-all'});
				else if (input === 'd') dispatch({type: 'toggle-default'});
				else if (enter) {
					if (current.selected.length === 0) dispatch({type: 'invalid', error: {message: 'Choose at least one workspace.', hint: 'Space ticks the current one; a ticks all.'}});
					else save();
				}
				return;
			}
			case 'saving':
				return;
			case 'save-failed':
				if (enter) save();
				else if (key.escape) dispatch({type: 'go', step: 'workspaces'});
				return;
			case 'done':
				if (enter || key.escape) onDone(current.saved!);
				return;
		}
	};
	useKeypress(
		event => {
			handleInput(event.input, event.key);
			return true;
		},
		{priority: 'view', isActive: isRawModeSupported === true},
	);

	const [number, title] = TITLES[state.step];
	return (
		<Box flexDirection="column" paddingX={1}>
			<Text>
				<Text bold color={theme.accent}>
					bbaccess setup
				</Text>
				<Text color={theme.text.muted}>{`  step ${number} of 6 · ${title} · ${apiUrl}`}</Text>
			</Text>
			<Box marginTop={1} flexDirection="column">
				<StepBody state={state} apiUrl={apiUrl} />
			</Box>
			{state.step === 'workspaces' && state.makeDefault !== undefined ? (
				<Box marginTop={1} flexDirection="column">
					<Text color={theme.status.warn}>{`${state.makeDefault ? '[x]' : '[ ]'} Make ${apiUrl} the default API URL for later commands (d toggles).`}</Text>
					<Text color={theme.text.secondary}>{`    ${state.makeDefault ? 'Later commands will use it without --api-url.' : `Off: later commands keep using ${currentDefault ?? DEFAULT_API_URL}; pass --api-url ${apiUrl} to use this login.`}`}</Text>
				</Box>
			) : null}
			{isRawModeSupported ? <KeyHints hints={hintsFor(state.step, state.result, state.makeDefault !== undefined)} /> : <Text color={theme.status.warn}>This terminal cannot read keys; run `bbaccess login --email E --token-stdin` instead.</Text>}
		</Box>
	);
}

function StepBody({state, apiUrl}: {state: WizardState; apiUrl: string}) {
	switch (state.step) {
		case 'intro':
			return <IntroStep />;
		case 'email':
			return <EmailStep state={state} />;
		case 'token':
			return <TokenStep state={state} />;
		case 'verifying':
			return <VerifyingStep apiUrl={apiUrl} />;
		case 'verify-failed':
			return <FailedStep state={state} what="The check did not complete; nothing was saved." />;
		case 'scopes':
			return <ScopesStep state={state} />;
		case 'workspaces':
			return <WorkspacesStep state={state} />;
		case 'saving':
			return <Text>Saving the token to the OS keychain…</Text>;
		case 'save-failed':
			return <FailedStep state={state} what="Could not save; nothing was written to the config file." />;
		case 'done':
			return <DoneStep state={state} />;
	}
}

function hintsFor(step: WizardStep, result: VerifyResult | undefined, askDefault = false): Array<[string, string]> {
	const quit: [string, string] = ['Ctrl-C', 'quit'];
	switch (step) {
		case 'intro':
			return [['Enter', 'continue'], quit];
		case 'email':
			return [['Enter', 'continue'], ['Esc', 'back'], quit];
		case 'token':
			return [['Enter', 'check'], ['Ctrl-U', 'clear'], ['Esc', 'back'], quit];
		case 'verifying':
			return [['Esc', 'back'], quit];
		case 'verify-failed':
			return [['Enter', 'try again'], ['Esc', 'back'], quit];
		case 'scopes':
			return result && result.missingReadScopes.length > 0
				? [['Enter', 'paste another token'], ['Esc', 'back'], quit]
				: result?.readOnlyReason
					? [['Enter', 'continue read-only'], ['Esc', 'back'], quit]
					: [['Enter', 'continue'], ['r', 'read-only on/off'], ['Esc', 'back'], quit];
		case 'workspaces':
			return result && result.workspaces.length > 0
				? [['↑↓', 'move'], ['Space', 'toggle'], ['a', 'all'], ...(askDefault ? [['d', 'default API URL on/off'] as [string, string]] : []), ['Enter', 'save'], ['Esc', 'back'], quit]
				: [['Esc', 'back'], quit];
		case 'saving':
			return [];
		case 'save-failed':
			return [['Enter', 'try again'], ['Esc', 'back'], quit];
		case 'done':
			return [['Enter', 'finish']];
	}
}
