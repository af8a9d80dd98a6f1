/**
 * The setup wizard's state: one reducer, so every step keeps what was typed when going back
 * or when verification fails.
 */
import type {SavedCredentials, VerifyResult} from '../../core/credentials/index.js';

export type WizardStep = 'intro' | 'email' | 'token' | 'verifying' | 'verify-failed' | 'scopes' | 'workspaces' | 'saving' | 'save-failed' | 'done';

export interface WizardError {
	message: string;
	hint?: string;
}

export interface WizardState {
	step: WizardStep;
	email: string;
	token: string;
	/** A problem with what was typed on the current step, or with verification/saving. */
	error?: WizardError;
	/** Increments per verification so a late answer after Esc is ignored. */
	attempt: number;
	result?: VerifyResult;
	/** Workspace slugs ticked on the workspaces step. */
	selected: string[];
	cursor: number;
	/** The admin asked for a read-only setup although the token could make changes. */
	readOnlyChosen: boolean;
	/**
	 * For a non-default API URL: whether to make it the default for later commands (asked on the
	 * workspaces step, off until chosen). Undefined when there is nothing to ask.
	 */
	makeDefault?: boolean;
	saved?: SavedCredentials;
}

export type WizardAction =
	| {type: 'go'; step: WizardStep}
	| {type: 'email'; value: string}
	| {type: 'token'; value: string}
	| {type: 'invalid'; error: WizardError}
	| {type: 'verify'}
	| {type: 'verified'; attempt: number; result: VerifyResult}
	/** Wrong email or token: back to the token step with the message, nothing lost. */
	| {type: 'rejected'; attempt: number; error: WizardError}
	| {type: 'verify-failed'; attempt: number; error: WizardError}
	| {type: 'cursor'; delta: number}
	| {type: 'toggle'}
	| {type: 'toggle-all'}
	| {type: 'toggle-read-only'}
	| {type: 'toggle-default'}
	| {type: 'save'}
	| {type: 'saved'; saved: SavedCredentials}
	| {type: 'save-failed'; error: WizardError};

export const initialWizardState: WizardState = {step: 'intro', email: '', token: '', attempt: 0, selected: [], cursor: 0, readOnlyChosen: false};

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	switch (action.type) {
		case 'go':
			return {...state, step: action.step, error: undefined};
		case 'email':
			return {...state, email: action.value, error: undefined};
		case 'token':
			return {...state, token: action.value, error: undefined};
		case 'invalid':
			return {...state, error: action.error};
		case 'verify':
			return {...state, step: 'verifying', error: undefined, result: undefined, attempt: state.attempt + 1};
		case 'verified': {
			if (action.attempt !== state.attempt || state.step !== 'verifying') return state;
			const slugs = action.result.workspaces.map(workspace => workspace.slug);
			// Keep an earlier choice when the same workspaces come back; otherwise start with all ticked.
			const kept = state.selected.filter(slug => slugs.includes(slug));
			return {...state, step: 'scopes', result: action.result, selected: kept.length > 0 ? kept : slugs, cursor: 0};
		}
		case 'rejected':
			if (action.attempt !== state.attempt || state.step !== 'verifying') return state;
			return {...state, step: 'token', error: action.error};
		case 'verify-failed':
			if (action.attempt !== state.attempt || state.step !== 'verifying') return state;
			return {...state, step: 'verify-failed', error: action.error};
		case 'cursor': {
			const count = state.result?.workspaces.length ?? 0;
			if (count === 0) return state;
			return {...state, cursor: (state.cursor + action.delta + count) % count};
		}
		case 'toggle': {
			const slug = state.result?.workspaces[state.cursor]?.slug;
			if (!slug) return state;
			const selected = state.selected.includes(slug) ? state.selected.filter(item => item !== slug) : [...state.selected, slug];
			return {...state, selected, error: undefined};
		}
		case 'toggle-all': {
			const slugs = state.result?.workspaces.map(workspace => workspace.slug) ?? [];
			return {...state, selected: state.selected.length === slugs.length ? [] : slugs, error: undefined};
		}
		case 'toggle-read-only':
			return {...state, readOnlyChosen: !state.readOnlyChosen};
		case 'toggle-default':
			return state.makeDefault === undefined ? state : {...state, makeDefault: !state.makeDefault};
		case 'save':
			return {...state, step: 'saving', error: undefined};
		case 'saved':
			return {...state, step: 'done', saved: action.saved, error: undefined};
		case 'save-failed':
			return {...state, step: 'save-failed', error: action.error};
	}
}

/** The workspace filter to save: empty when every visible workspace is chosen (new ones are then included too). */
export function workspaceFilter(state: WizardState): string[] {
	const all = state.result?.workspaces.map(workspace => workspace.slug) ?? [];
	if (state.selected.length === all.length) return [];
	return all.filter(slug => state.selected.includes(slug));
}

/** Why the saved login is read-only, if it is: the token's missing scopes win over the admin's choice. */
export function readOnlyReasonOf(state: WizardState): string | undefined {
	return state.result?.readOnlyReason ?? (state.readOnlyChosen ? 'chosen at login' : undefined);
}
