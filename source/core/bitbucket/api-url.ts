import {BbError} from '../errors.js';

export const DEFAULT_API_URL = 'https://api.bitbucket.org';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Normalise and check an API base URL ("https://api.bitbucket.org", no trailing slash).
 * Plain http is refused unless the host is loopback (the emulator); credentials never travel
 * in clear text over a network. TLS verification is never disabled anywhere.
 */
export function normalizeApiUrl(input: string): string {
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		throw new BbError('usage', `'${input}' is not a valid API URL (expected something like ${DEFAULT_API_URL})`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new BbError('usage', `API URL must use https, got '${url.protocol}'`);
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw new BbError('usage', `refusing plain http to ${url.hostname}: use https (http is allowed only for loopback addresses such as the emulator)`);
	}
	if (url.username || url.password) {
		throw new BbError('usage', 'the API URL must not contain a user name or password; use `bbaccess login`');
	}
	if (url.search || url.hash) {
		throw new BbError('usage', 'the API URL must not contain a query or fragment');
	}
	return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
