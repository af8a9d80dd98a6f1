/**
 * `bbaccess [explore]`: open the explorer. With credentials: show the cached snapshot at once
 * (refreshing in the background) or the sync screen; without: the setup wizard first.
 * Needs a terminal; scripts and pipes are pointed to `bbaccess export`.
 */
import {BbError, EXIT, isBbError} from '../core/errors.js';
import {createExplorerBackend} from '../core/explorer-backend.js';
import {NO_CREDENTIALS_MESSAGE} from '../core/credentials/index.js';
import {createSession, type Session} from '../core/session.js';
import {startFromCache} from '../core/budget/cached-start.js';
import {intFlag, list, parseCommandArgs} from './args.js';

export const EXPLORE_USAGE =
	'bbaccess [explore] [--workspace W]… [--api-url URL] [--no-cache] [--offline] [--budget N/W] [--read-only] [--deep] [--debug] [--concurrency N]';

const OPTIONS = {
	'api-url': {type: 'string'},
	workspace: {type: 'string', multiple: true},
	'no-cache': {type: 'boolean'},
	'read-only': {type: 'boolean'},
	deep: {type: 'boolean'},
	debug: {type: 'boolean'},
	concurrency: {type: 'string'},
	offline: {type: 'boolean'},
	budget: {type: 'string'},
} as const;

export const NOT_A_TTY_MESSAGE =
	'bbaccess: the explorer needs an interactive terminal (stdin and stdout must be a TTY).\n' +
	'For scripts and pipes use `bbaccess export` (see `bbaccess export --help`).\n';

/** Both ends must be a terminal: Ink needs raw-mode input and a sized output. */
export function isInteractive(stdin: {isTTY?: boolean} = process.stdin, stdout: {isTTY?: boolean} = process.stdout): boolean {
	return Boolean(stdin.isTTY && stdout.isTTY);
}

export interface LaunchOptions {
	session: Session;
	apiUrl: string;
	cache: boolean;
	deep?: boolean;
	demo?: boolean;
	/** --offline: open the saved snapshot and never send a request. */
	offline?: boolean;
	/** Where `e` writes (default: $BBACCESS_EXPORT_DIR, else the session's state directory). */
	exportDir?: string;
}

/**
 * React picks its build when first loaded: without NODE_ENV it is the development build, several
 * times slower per frame. The UI is always loaded after this runs (never at the top of a module).
 */
export function preferProductionReact(env: NodeJS.ProcessEnv = process.env): void {
	env['NODE_ENV'] ??= 'production';
}

/** Build the backend, show the cached snapshot if any, and run the app until the user quits. */
export async function launchExplorer(options: LaunchOptions): Promise<number> {
	const backend = createExplorerBackend({
		session: options.session,
		apiUrl: options.apiUrl,
		cache: options.cache,
		deep: options.deep,
		workspaces: options.session.workspaces.length > 0 ? options.session.workspaces : undefined,
		demo: options.demo,
		exportDir: options.exportDir ?? (process.env['BBACCESS_EXPORT_DIR'] || undefined),
	});
	// A fresh snapshot opens without a request; an older one refreshes in the background (priced),
	// overlapping with loading Ink and React. Errors are reported through the backend's status.
	await startFromCache({
		backend,
		budget: options.session.budget,
		refreshAfterMs: options.demo ? 0 : options.session.refreshAfterMs,
		cache: options.cache,
		offline: options.offline,
		workspaces: options.session.workspaces,
		account: {apiUrl: options.apiUrl, email: options.session.credentials.email, paths: options.session.paths},
	});
	// No echo of keys typed while the UI loads (they would scroll the first frame).
	if (process.stdin.isTTY) process.stdin.setRawMode(true);
	let code: number;
	try {
		// Ink and React load only now, so errors before this point print without them.
		const {runExplorerApp} = await import('../ui/app/run-explorer-app.js');
		code = await runExplorerApp({backend, account: options.session.credentials.email, apiUrl: options.apiUrl, autoRefresh: false});
	} finally {
		if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
		await backend.close();
	}
	if (options.session.debugLogFile) process.stderr.write(`bbaccess: request log written to ${options.session.debugLogFile}\n`);
	return code;
}

export async function run(argv: string[]): Promise<number> {
	preferProductionReact();
	const {values} = parseCommandArgs(argv, OPTIONS);
	const concurrency = intFlag('concurrency', values.concurrency, {min: 1, max: 16});
	const workspaces = list(values.workspace);
	if (!isInteractive()) {
		process.stderr.write(NOT_A_TTY_MESSAGE);
		return EXIT.usage;
	}
	const sessionOptions = {
		apiUrl: values['api-url'],
		workspaces: workspaces.length > 0 ? workspaces : undefined,
		debug: values.debug,
		concurrency,
		readOnly: values['read-only'],
		budget: values.budget,
	};
	let session: Session;
	try {
		session = await createSession(sessionOptions);
	} catch (error) {
		if (!(isBbError(error) && error.kind === 'config' && error.message === NO_CREDENTIALS_MESSAGE)) throw error;
		const {runSetupWizard} = await import('../ui/wizard/index.js');
		const saved = await runSetupWizard({apiUrl: values['api-url']});
		if (!saved) throw new BbError('cancelled', 'setup cancelled: no credentials saved', {hint: 'Run `bbaccess login` when ready.'});
		// The token is in the keychain now; the session reads it from there like on every later start.
		session = await createSession({...sessionOptions, apiUrl: saved.apiUrl});
	}
	return launchExplorer({session, apiUrl: session.credentials.apiUrl, cache: !values['no-cache'], deep: values.deep, offline: values.offline});
}
