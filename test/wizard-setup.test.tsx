import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {render} from 'ink-testing-library';
import {verifyCredentials, type SaveCredentialsInput, type SavedCredentials} from '../source/core/credentials/index.js';
import {BbError} from '../source/core/errors.js';
import type {RunningEmulator} from '../source/emulator/index.js';
import {SetupWizard, type WizardServices} from '../source/ui/wizard/index.js';
import {ADMIN, closedPortUrl, LONER, NO_REPO_READ, READER, startCredentialsEmulator, waitFor} from './helpers/credentials-fixtures.js';

const ENTER = '\r';
const ESC = '\u001B';
const BACKSPACE = '\u007F';
const CTRL_C = '\u0003';
const CTRL_U = '\u0015';

let emulator: RunningEmulator;

before(async () => {
	emulator = await startCredentialsEmulator();
});

after(async () => {
	await emulator.stop();
});

/** Real verification over HTTP; saving is recorded (the keychain has its own tests). */
function harness(apiUrl = emulator.url, {saveError, saveGate}: {saveError?: BbError; saveGate?: Promise<void>} = {}) {
	const saves: SaveCredentialsInput[] = [];
	const outcome: {done?: SavedCredentials; cancelled: boolean} = {cancelled: false};
	const services: WizardServices = {
		verify: verifyCredentials,
		async save(input) {
			saves.push(input);
			if (saveGate) await saveGate;
			if (saveError) throw saveError;
			return {
				apiUrl: input.apiUrl,
				email: input.email,
				workspaces: input.workspaces ?? [],
				readOnly: input.readOnly ?? false,
				readOnlyReason: input.readOnlyReason,
				configFile: '/tmp/config.json',
				keychainEntry: `service "bbaccess", account "${input.email}@${input.apiUrl}"`,
			};
		},
	};
	const view = render(
		<SetupWizard
			apiUrl={apiUrl}
			services={services}
			onDone={saved => {
				outcome.done = saved;
			}}
			onCancel={() => {
				outcome.cancelled = true;
			}}
		/>,
	);
	const frame = () => view.lastFrame() ?? '';
	return {
		view,
		saves,
		outcome,
		frame,
		async press(...inputs: string[]) {
			for (const input of inputs) {
				view.stdin.write(input);
				// Let Ink process one event before the next (each write is one input event).
				await new Promise(resolve => setImmediate(resolve));
			}
		},
		async until(text: string | RegExp, timeoutMs = 5000) {
			await waitFor(() => (typeof text === 'string' ? frame().includes(text) : text.test(frame())), {timeoutMs, describe: frame});
		},
	};
}

async function toTokenStep(wizard: ReturnType<typeof harness>, email: string) {
	await wizard.until('Create a token');
	await wizard.press(ENTER);
	await wizard.until('Email:');
	await wizard.press(email, ENTER);
	await wizard.until('Token:');
}

test('step 1 explains how to create a scoped token, including the scopes for changes', async () => {
	const wizard = harness();
	await wizard.until('Create a token');
	const frame = wizard.frame();
	assert.match(frame, /id\.atlassian\.com\/manage-profile\/security\/api-tokens/);
	assert.match(frame, /Create API token with scopes/);
	for (const scope of ['read:user:bitbucket', 'read:repository:bitbucket', 'admin:workspace:bitbucket', 'write:permission:bitbucket', 'delete:permission:bitbucket']) {
		assert.ok(frame.includes(scope), scope);
	}
	assert.match(frame, /step 1 of 6/);
	wizard.view.unmount();
});

test('email: empty, whitespace and a username each get their own message; Esc and back keeps the text', async () => {
	const wizard = harness();
	await wizard.until('Create a token');
	await wizard.press(ENTER);
	await wizard.until('Email:');
	await wizard.press(ENTER);
	await wizard.until('Enter the email address of your Atlassian account.');
	await wizard.press('   ', ENTER);
	await wizard.until('Enter the email address of your Atlassian account.');
	await wizard.press('alexm', ENTER);
	await wizard.until('looks like a Bitbucket username');
	assert.match(wizard.frame(), /Email: alexm/);
	await wizard.press(ESC);
	await wizard.until('Create a token');
	await wizard.press(ENTER);
	await wizard.until('Email: alexm');
	await wizard.press(BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, 'admin@acme.test', ENTER);
	await wizard.until('API token for admin@acme.test');
	wizard.view.unmount();
});

test('token: empty is refused; a pasted chunk is masked, surrounding spaces trimmed; a bracketed paste never submits, an unbracketed one ending in a newline does', async () => {
	const wizard = harness();
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press(ENTER);
	await wizard.until('Paste the API token');
	await wizard.press(`  ${ADMIN.token} `);
	await wizard.until(`(${ADMIN.token.length + 3} characters)`);
	assert.ok(!wizard.frame().includes(ADMIN.token), 'the token is masked');
	await wizard.press(CTRL_U);
	await wizard.until('paste the token');
	// Bracketed paste (the terminal marks it): the token as text, its newline removed, no Enter.
	await wizard.press(`\u001B[200~${ADMIN.token}\n\u001B[201~`);
	await wizard.until(`(${ADMIN.token.length} characters)`);
	await new Promise(resolve => setTimeout(resolve, 50));
	assert.doesNotMatch(wizard.frame(), /Signed in as|Checking/, 'the pasted newline did not press Enter');
	await wizard.press(CTRL_U);
	await wizard.until('paste the token');
	// Without bracketed paste the newline is a key like any other: Enter.
	await wizard.press(`${ADMIN.token}\r\n`);
	await wizard.until('Signed in as');
	wizard.view.unmount();
});

test('typed in one burst (one read): Enter, the email, Enter, the token, Enter all apply, in order', async () => {
	const wizard = harness();
	await wizard.until('Create a token');
	await wizard.press(`\r${ADMIN.email}\r${ADMIN.token}\r`);
	await wizard.until('Signed in as');
	wizard.view.unmount();
});

test('Enter arriving as a line feed (typed before raw mode, or Ctrl-J) and text+Enter in one chunk both continue', async () => {
	const wizard = harness();
	await wizard.until('Create a token');
	await wizard.press('\n');
	await wizard.until('Email:');
	await wizard.press(`${ADMIN.email}\r`);
	await wizard.until(`API token for ${ADMIN.email}`);
	wizard.view.unmount();
});

test('a wrong token: 401 message on the token step, email and token kept; Ctrl-U clears, the right token continues', async () => {
	const wizard = harness();
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press('wrong-token-value', ENTER);
	await wizard.until('rejected admin@acme.test with this token (401)');
	assert.match(wizard.frame(), /Token: •+█ {2}\(17 characters\)/);
	assert.match(wizard.frame(), /API token for admin@acme\.test/);
	await wizard.press(CTRL_U, ADMIN.token, ENTER);
	await wizard.until('Signed in as');
	wizard.view.unmount();
});

test('a token missing a read scope: the checklist marks it and blocks; Enter goes back to paste another token', async () => {
	const wizard = harness();
	await toTokenStep(wizard, NO_REPO_READ.email);
	await wizard.press(NO_REPO_READ.token, ENTER);
	await wizard.until('cannot work without read:repository:bitbucket');
	assert.match(wizard.frame(), /✗ read:repository:bitbucket\s+MISSING/);
	assert.match(wizard.frame(), /✓ read:project:bitbucket\s+ok/);
	await wizard.press(ENTER);
	await wizard.until(`API token for ${NO_REPO_READ.email}`);
	assert.match(wizard.frame(), new RegExp(`\\(${NO_REPO_READ.token.length} characters\\)`));
	assert.equal(wizard.saves.length, 0);
	wizard.view.unmount();
});

test('the reader token (no admin scopes): read-only warning, then a read-only save', async () => {
	const wizard = harness();
	await toTokenStep(wizard, READER.email);
	await wizard.press(READER.token, ENTER);
	await wizard.until('Read-only setup');
	assert.match(wizard.frame(), /✗ admin:repository:bitbucket\s+MISSING/);
	assert.match(wizard.frame(), /✓ read:repository:bitbucket\s+ok/);
	await wizard.press(ENTER);
	await wizard.until('Workspaces to explore');
	await wizard.press(ENTER);
	await wizard.until('Saved the login');
	assert.equal(wizard.saves.length, 1);
	assert.equal(wizard.saves[0]!.readOnly, true);
	assert.match(wizard.saves[0]!.readOnlyReason ?? '', /admin:workspace:bitbucket/);
	assert.match(wizard.frame(), /Read-only: {2}the token lacks admin:workspace:bitbucket/);
	wizard.view.unmount();
});

test('no workspace visible: a specific message and nothing to save', async () => {
	const wizard = harness();
	await toTokenStep(wizard, LONER.email);
	await wizard.press(LONER.token, ENTER);
	await wizard.until('Signed in as');
	await wizard.press(ENTER);
	await wizard.until('cannot see any workspace');
	await wizard.press(ENTER, ' ', 'a', ENTER);
	assert.match(wizard.frame(), /Ask a workspace admin to invite this Atlassian account/);
	assert.equal(wizard.saves.length, 0);
	wizard.view.unmount();
});

test('network down: a specific message; Esc returns to the token with everything kept', async () => {
	const wizard = harness(await closedPortUrl());
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press(ADMIN.token, ENTER);
	await wizard.until('Cannot reach http://127.0.0.1:');
	assert.match(wizard.frame(), /ECONNREFUSED/);
	assert.match(wizard.frame(), /press Enter to try again/);
	await wizard.press(ENTER);
	await wizard.until('Cannot reach http://127.0.0.1:');
	await wizard.press(ESC);
	await wizard.until(`(${ADMIN.token.length} characters)`);
	assert.match(wizard.frame(), /API token for admin@acme\.test/);
	wizard.view.unmount();
});

test('workspaces: space toggles, a toggles all, none chosen is refused; all chosen saves an empty filter', async () => {
	const wizard = harness();
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press(ADMIN.token, ENTER);
	await wizard.until('Signed in as Alex Morgan');
	await wizard.press(ENTER);
	await wizard.until('Workspaces to explore (2 of 2 chosen)');
	await wizard.press(' ');
	await wizard.until('(1 of 2 chosen)');
	assert.match(wizard.frame(), /› \[ \] acme /);
	await wizard.press('a');
	await wizard.until('(2 of 2 chosen)');
	await wizard.press('a');
	await wizard.until('(0 of 2 chosen)');
	await wizard.press(ENTER);
	await wizard.until('Choose at least one workspace');
	await wizard.press('\u001B[B', ' ');
	await wizard.until('(1 of 2 chosen)');
	await wizard.press(ENTER);
	await wizard.until('Saved the login for admin@acme.test');
	assert.deepEqual(wizard.saves[0]!.workspaces, ['acme-labs']);
	assert.equal(wizard.saves[0]!.readOnly, false);
	assert.equal(wizard.saves[0]!.token, ADMIN.token);
	assert.match(wizard.frame(), /Next: run bbaccess/);
	await wizard.press(ENTER);
	await waitFor(() => wizard.outcome.done !== undefined);
	assert.deepEqual(wizard.outcome.done?.workspaces, ['acme-labs']);
	wizard.view.unmount();
});

test('a keychain failure while saving is shown with its fix; nothing is reported as saved', async () => {
	const wizard = harness(emulator.url, {saveError: new BbError('keychain', 'Cannot reach the OS keychain: no D-Bus session bus is reachable.', {hint: 'set BITBUCKET_EMAIL and BITBUCKET_API_TOKEN instead'})});
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press(ADMIN.token, ENTER);
	await wizard.until('Signed in as');
	await wizard.press(ENTER);
	await wizard.until('Workspaces to explore');
	await wizard.press(ENTER);
	await wizard.until('no D-Bus session bus is reachable');
	assert.match(wizard.frame(), /BITBUCKET_EMAIL and BITBUCKET_API_TOKEN/);
	assert.equal(wizard.outcome.done, undefined);
	wizard.view.unmount();
});

test('Ctrl-C on any step leaves without saving', async () => {
	const wizard = harness();
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press(ADMIN.token.slice(0, 5), CTRL_C);
	await waitFor(() => wizard.outcome.cancelled);
	assert.equal(wizard.saves.length, 0);
	assert.equal(wizard.outcome.done, undefined);
	wizard.view.unmount();
});

test('Ctrl-C while the keychain write is under way waits for its outcome instead of claiming nothing was saved', async () => {
	let open = () => {};
	const gate = new Promise<void>(resolve => {
		open = resolve;
	});
	const wizard = harness(emulator.url, {saveGate: gate});
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press(ADMIN.token, ENTER);
	await wizard.until('Signed in as');
	await wizard.press(ENTER);
	await wizard.until('Workspaces to explore');
	await wizard.press(ENTER);
	await wizard.until('Saving the token');
	await wizard.press(CTRL_C);
	assert.equal(wizard.outcome.cancelled, false);
	open();
	await wizard.until('Saved the login');
	assert.equal(wizard.outcome.cancelled, false);
	wizard.view.unmount();
});

test('a token that could make changes can still be saved read-only by choice (r)', async () => {
	const wizard = harness();
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press(ADMIN.token, ENTER);
	await wizard.until('Grant and revoke will be allowed');
	await wizard.press('r');
	await wizard.until('Read-only setup chosen');
	await wizard.press('r');
	await wizard.until('Grant and revoke will be allowed');
	await wizard.press('r', ENTER);
	await wizard.until('Workspaces to explore');
	await wizard.press(ENTER);
	await wizard.until('Saved the login');
	assert.equal(wizard.saves[0]!.readOnly, true);
	assert.equal(wizard.saves[0]!.readOnlyReason, 'chosen at login');
	wizard.view.unmount();
});

test('a non-default API URL becomes the default only when chosen: the wizard shows it and asks (d) (issue 13)', async () => {
	const wizard = harness();
	await toTokenStep(wizard, ADMIN.email);
	await wizard.press(ADMIN.token, ENTER);
	await wizard.until('Signed in as Alex Morgan');
	await wizard.press(ENTER);
	await wizard.until('Workspaces to explore');
	assert.match(wizard.frame(), new RegExp(`\\[ \\] Make ${emulator.url.replace(/[.]/g, '\\.')} the default API URL for later commands \\(d toggles\\)`));
	assert.match(wizard.frame(), /pass --api-url/);
	await wizard.press('d');
	await wizard.until('[x] Make');
	await wizard.press('d');
	await wizard.until('[ ] Make');
	await wizard.press(ENTER);
	await wizard.until('Saved the login for admin@acme.test');
	assert.equal(wizard.saves[0]!.makeDefault, false, 'not made the default silently');
	wizard.view.unmount();
});
