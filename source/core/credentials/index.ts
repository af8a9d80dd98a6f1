/**
 * Credentials: the one door for commands and the UI (the UI must not import keychain.ts directly).
 */
export {ConfigStore, openConfig, DEFAULT_CONCURRENCY, DEFAULT_REQUESTS_PER_HOUR, type AppConfig, type SavedAccount} from './config.js';
export {KEYCHAIN_SERVICE, keychainAccount, keychainStatus, probeKeychain, type KeychainStatus} from './keychain.js';
export {NO_CREDENTIALS_MESSAGE, isNoCredentialsError, resolveApiUrl, resolveCredentials, type CredentialSource, type ResolvedCredentials} from './resolve.js';
export {ADMIN_SCOPES, CHANGE_SCOPES, READ_SCOPES, SCOPES, TOKEN_CREATION_STEPS, scopeInfo, type ScopeInfo, type ScopeKind} from './scopes.js';
export {removeCredentials, saveCredentials, type RemovedCredentials, type SaveCredentialsInput, type SavedCredentials} from './store.js';
export {normalizeToken, validateEmail, validateToken} from './validate.js';
export {verifyAndCount, verifyCredentials, type ProbeClient, type ScopeCheck, type ScopeStatus, type VerifiedWorkspace, type VerifyOptions, type VerifyResult} from './verify.js';
