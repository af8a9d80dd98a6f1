/**
 * The audit: built-in findings plus the policy's, for chosen workspaces; and the exit code of
 * `--fail-on`.
 */
import {readFile} from 'node:fs/promises';
import {BbError, EXIT} from '../errors.js';
import type {AccessGraph} from '../graph/index.js';
import {builtInFindings, isSeverity, severityRank, SEVERITIES, sortFindings, type Finding, type Severity} from './findings.js';
import {parsePolicy, policyFindings, type Policy} from './policy.js';

/** `bbaccess audit --fail-on S` exits with this code when a finding at or above S exists. */
export const EXIT_FINDINGS = EXIT.findings;

export async function loadPolicy(file: string): Promise<Policy> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new BbError('usage', `cannot read --policy ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	return parsePolicy(text, file);
}

export function audit(graph: AccessGraph, options: {workspaces?: string[]; policy?: Policy} = {}): Finding[] {
	const findings = builtInFindings(graph, options);
	if (options.policy) findings.push(...policyFindings(graph, options.policy, options));
	return sortFindings(findings);
}

export function parseSeverity(value: string, flag: string): Severity {
	const lower = value.toLowerCase();
	if (!isSeverity(lower)) throw new BbError('usage', `--${flag} takes ${SEVERITIES.join(', ')}; got '${value}'`);
	return lower;
}

export function atOrAbove(findings: readonly Finding[], severity: Severity): Finding[] {
	return findings.filter(finding => severityRank(finding.severity) >= severityRank(severity));
}
