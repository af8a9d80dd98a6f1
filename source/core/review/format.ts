/**
 * Text, JSON and CSV for drift and findings (shared by `diff`, `audit` and the report). Text lines
 * pass server text through plainText; CSV uses the export's RFC 4180 writer with its formula guard;
 * JSON is safeJson (exact values, no raw control, C1 or bidi character).
 */
import {toCsv} from '../export/format.js';
import {levelLabel, type Level} from '../model.js';
import {formatAccessChange, type DriftReport} from './drift.js';
import type {Finding} from './findings.js';
import {describeCompleteness, type HistoryEntry} from './history.js';
import {safeJson} from '../text/sanitize.js';
import {plainText} from './targets.js';

export type ReviewFormat = 'text' | 'json' | 'csv';

const level = (value: Level | 'none') => (value === 'none' ? 'none' : levelLabel(value));

export function driftText(report: DriftReport, header?: string): string {
	const lines: string[] = [];
	if (header) lines.push(header, '');
	lines.push(`Effective access: ${report.access.length} ${report.access.length === 1 ? 'change' : 'changes'}`);
	for (const change of report.access) lines.push(`  ${plainText(formatAccessChange(change))}`);
	lines.push('', `Explicit state: ${report.state.length} ${report.state.length === 1 ? 'change' : 'changes'}`);
	for (const change of report.state) lines.push(`  ${plainText(change.text)}`);
	if (report.notComparable.length > 0) {
		lines.push('', `Not comparable: ${report.notComparable.length} (the data was not loaded or not visible on one side; no change is claimed)`);
		for (const item of report.notComparable) lines.push(`  ${plainText(item.what)}: ${plainText(item.reason)}`);
	}
	return `${lines.join('\n')}\n`;
}

/** One CSV row per line of the drift: section access / state / not-comparable. */
export function driftRows(report: DriftReport): Record<string, unknown>[] {
	return [
		...report.access.map(change => ({section: 'access', kind: change.kind, workspace: change.workspace, target: change.targetName, person: change.userName, user_uuid: change.user, before: level(change.before), after: level(change.after), why_before: change.whyBefore, why_after: change.whyAfter, text: formatAccessChange(change)})),
		...report.state.map(change => ({section: 'state', kind: change.kind, workspace: change.workspace, target: change.subject, person: '', user_uuid: '', before: change.before ?? '', after: change.after ?? '', why_before: '', why_after: '', text: change.text})),
		...report.notComparable.map(item => ({section: 'not-comparable', kind: 'not-comparable', workspace: item.workspace, target: item.what, person: '', user_uuid: '', before: '', after: '', why_before: '', why_after: '', text: item.reason})),
	];
}

const DRIFT_COLUMNS = ['section', 'kind', 'workspace', 'target', 'person', 'user_uuid', 'before', 'after', 'why_before', 'why_after', 'text'];

export function formatDrift(report: DriftReport, format: ReviewFormat, header?: string): string {
	// Exact values, with C1 and bidi characters escaped like JSON escapes C0 (never raw on a terminal).
	if (format === 'json') return `${safeJson(report, 2)}\n`;
	if (format === 'csv') return toCsv(driftRows(report), DRIFT_COLUMNS);
	return driftText(report, header);
}

export function findingsText(findings: readonly Finding[], header?: string): string {
	const lines: string[] = [];
	if (header) lines.push(header, '');
	if (findings.length === 0) lines.push('No findings.');
	for (const finding of findings) {
		lines.push(`${finding.severity.toUpperCase().padEnd(8)} ${finding.rule}  ${plainText(finding.title)}`);
		lines.push(`         id: ${plainText(finding.id)}`);
		for (const item of finding.paths.slice(0, 10)) lines.push(`         path: ${plainText(item)}`);
		if (finding.paths.length > 10) lines.push(`         … and ${finding.paths.length - 10} more paths`);
		if (finding.proof) lines.push(`         proof: ${plainText(finding.proof)}`);
		if (finding.fix) lines.push(`         fix: ${plainText(finding.fix.summary)}${finding.fix.changes.length > 0 ? ` (bbaccess audit --fix ${plainText(finding.id)})` : ''}`);
	}
	return `${lines.join('\n')}\n`;
}

export function findingRows(findings: readonly Finding[]): Record<string, unknown>[] {
	return findings.map(finding => ({id: finding.id, rule: finding.rule, severity: finding.severity, workspace: finding.workspace, title: finding.title, paths: finding.paths.join('; '), proof: finding.proof ?? '', fix: finding.fix?.summary ?? '', fixable: (finding.fix?.changes.length ?? 0) > 0}));
}

export function formatFindings(findings: readonly Finding[], format: ReviewFormat, header?: string): string {
	if (format === 'json') return `${safeJson(findings, 2)}\n`;
	if (format === 'csv') return toCsv(findingRows(findings), ['id', 'rule', 'severity', 'workspace', 'title', 'paths', 'proof', 'fix', 'fixable']);
	return findingsText(findings, header);
}

function size(bytes: number): string {
	return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function snapshotsText(entries: readonly HistoryEntry[], dir: string): string {
	if (entries.length === 0) return `No snapshots kept yet (${dir}); every \`bbaccess sync\` keeps one.\n`;
	const rows = entries.map(entry => [entry.id, entry.syncedAt.replace(/\.\d+Z$/, 'Z'), plainText(entry.email), plainText(entry.workspaces.join(',')) || '-', describeCompleteness(entry.completeness), size(entry.bytes)]);
	const header = ['ID', 'SYNCED', 'ACCOUNT', 'WORKSPACES', 'COMPLETENESS', 'SIZE'];
	const widths = header.map((title, index) => Math.max(title.length, ...rows.map(row => row[index]!.length)));
	const line = (cells: string[]) => cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index]!))).join('  ');
	return `${[line(header), ...rows.map(line)].join('\n')}\n${entries.length} ${entries.length === 1 ? 'snapshot' : 'snapshots'} in ${dir}\n`;
}
