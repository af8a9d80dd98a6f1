import {parseArgs, type ParseArgsConfig} from 'node:util';
import {BbError} from '../core/errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parse a command's flags strictly. Unknown flags, missing values and stray positionals become
 * a BbError('usage') whose message is one line; cli.tsx prints it with the command's usage.
 */
export function parseCommandArgs<O extends OptionSpec>(
	argv: string[],
	options: O,
	{positionals = 0}: {positionals?: number} = {},
) {
	try {
		const parsed = parseArgs({args: argv, options, strict: true, allowPositionals: positionals > 0});
		if (parsed.positionals.length > positionals) {
			throw new BbError('usage', `unexpected argument '${parsed.positionals[positionals]}'`);
		}
		return parsed;
	} catch (error) {
		if (error instanceof BbError) throw error;
		const message = error instanceof Error ? error.message : String(error);
		throw new BbError('usage', cleanParseArgsMessage(message));
	}
}

function cleanParseArgsMessage(message: string): string {
	// node's messages can span several lines ("… is ambiguous.\nDid you forget …\nTo specify …"); keep one.
	const ambiguous = /^Option '([^' ]+)[^']*' argument is ambiguous/.exec(message);
	if (ambiguous) return `option '${ambiguous[1]}' needs a value (for a value starting with '-', write ${ambiguous[1]}=VALUE)`;
	const first = (message.split('\n')[0] ?? message).split('. To specify')[0] ?? message;
	return first
		.replace(/^Option '([^' ]+)[^']*' argument missing$/, "option '$1' needs a value")
		.replace(/^Unknown option/, 'unknown option')
		.replace(/^Unexpected argument '([^']*)'.*$/, "unexpected argument '$1'");
}

/** Repeatable string flag → array (parseArgs gives string[] when `multiple: true`). */
export function list(value: string | string[] | undefined): string[] {
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

export function intFlag(name: string, value: string | undefined, {min = 0, max = Number.MAX_SAFE_INTEGER} = {}): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) throw new BbError('usage', `--${name} takes a whole number, got '${value}'`);
	const n = Number(value);
	if (n < min || n > max) throw new BbError('usage', `--${name} must be between ${min} and ${max}, got ${n}`);
	return n;
}

export function rateFlag(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0 || n > 1 || value.trim() === '') {
		throw new BbError('usage', `--${name} takes a probability from 0 to 1, got '${value}'`);
	}
	return n;
}
