/**
 * The ChangeService an explorer backend offers as `backend.changes`: journal in the state dir,
 * read-only whenever the backend is (flag, config, or a token without admin scopes), repository
 * grants loaded through the backend's de-duplicated tier-2 loader.
 */
import path from 'node:path';
import type {AccessGraph} from '../graph/index.js';
import {Journal} from './journal.js';
import {ChangeService, type ServiceClient} from './service.js';

export interface BackendChangeOptions {
	client: ServiceClient;
	graph: () => AccessGraph | undefined;
	/** The XDG state dir (appPaths().stateDir); the journal is `journal.jsonl` there. */
	stateDir: string;
	email: string;
	apiUrl: string;
	/** The backend's current read-only reason (undefined when changes are allowed). */
	readOnlyReason: () => string | undefined;
	ensureRepositoryGrants: (fullName: string) => Promise<void>;
}

export function createBackendChangeService(options: BackendChangeOptions): ChangeService {
	return new ChangeService({
		client: options.client,
		graph: options.graph,
		journal: new Journal(path.join(options.stateDir, 'journal.jsonl')),
		account: {email: options.email, apiUrl: options.apiUrl},
		readOnlyReason: options.readOnlyReason,
		ensureRepositoryGrants: options.ensureRepositoryGrants,
	});
}
