/**
 * Render the setup wizard full-screen and resolve with what was saved, or undefined when the
 * admin left (Ctrl-C) before saving.
 */
import {render} from 'ink';
import {openConfig, probeKeychain, resolveApiUrl, type SavedCredentials} from '../../core/credentials/index.js';
import {BbError} from '../../core/errors.js';
import {SetupWizard, type WizardServices} from './setup-wizard.js';

export interface RunSetupWizardOptions {
	/** --api-url; else BBACCESS_API_URL, the config, https://api.bitbucket.org. */
	apiUrl?: string;
	email?: string;
	services?: WizardServices;
}

export async function runSetupWizard({apiUrl: requested, email, services}: RunSetupWizardOptions = {}): Promise<SavedCredentials | undefined> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new BbError('usage', 'The setup wizard needs a terminal; in scripts use: printf %s "$TOKEN" | bbaccess login --email you@example.com --token-stdin');
	}
	const config = openConfig();
	const apiUrl = resolveApiUrl(requested, process.env, config.read());
	// Say it before anything is typed: without a reachable keychain the wizard could not save.
	await probeKeychain({writable: true});
	let outcome: SavedCredentials | undefined;
	const instance = render(
		<SetupWizard
			apiUrl={apiUrl}
			email={email ?? config.account(apiUrl)?.email}
			currentDefault={config.read().apiUrl}
			services={services}
			onDone={saved => {
				outcome = saved;
				instance.unmount();
			}}
			onCancel={() => {
				instance.unmount();
			}}
		/>,
		{exitOnCtrlC: false},
	);
	await instance.waitUntilExit();
	return outcome;
}
