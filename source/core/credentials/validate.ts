/**
 * Checks on what the admin typed, shared by the wizard and `login --token-stdin`. Each failure is a
 * BbError('usage') whose message says exactly what is wrong and what is expected.
 */
import {BbError} from '../errors.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const LOOPBACK_EMAIL = /^[^@\s]+@[^@\s]+$/;

/** Trimmed email, or BbError('usage'). */
export function validateEmail(input: string): string {
	const email = input.trim();
	if (email === '') throw new BbError('usage', 'Enter the email address of your Atlassian account.');
	if (!email.includes('@')) {
		throw new BbError(
			'usage',
			`'${email}' looks like a Bitbucket username. API tokens sign in with the email address of your Atlassian account (the one you log in to bitbucket.org with), not the username.`,
		);
	}
	if (/\s/.test(email)) throw new BbError('usage', 'An email address cannot contain spaces.');
	if (!EMAIL.test(email) && !LOOPBACK_EMAIL.test(email)) {
		throw new BbError('usage', `'${email}' is not a valid email address (expected name@example.com).`);
	}
	if (email.length > 254) throw new BbError('usage', 'That email address is too long.');
	return email;
}

/**
 * Tokens are pasted: strip surrounding whitespace and every line break inside (terminals may wrap
 * or bracket a paste). Never puts the token into an error message.
 */
export function normalizeToken(input: string): string {
	return input.replace(/\x1b\[20[01]~/g, '').replace(/[\r\n]+/g, '').trim();
}

/** `minLength` guards against a half-copied paste where a person types; pass 1 for machine-supplied values. */
export function validateToken(input: string, {minLength = 8}: {minLength?: number} = {}): string {
	const token = normalizeToken(input);
	if (token === '') throw new BbError('usage', 'Paste the API token (it is not shown while you type).');
	if (/\s/.test(token)) throw new BbError('usage', 'The token contains spaces: copy it again from id.atlassian.com (it is one unbroken string).');
	if (token.length < minLength) throw new BbError('usage', 'That token is too short to be an Atlassian API token: copy the whole token.');
	if (token.length > 4096) throw new BbError('usage', 'That is too long to be an API token: paste only the token.');
	return token;
}
