/**
 * The evidence report: the scope and the snapshot it rests on (time, account, SHA-256), counts,
 * every finding, the drift since an earlier snapshot, and the journal of changes in that period
 * with their verification. Markdown, or one self-contained HTML file (inline CSS, no scripts, no
 * network) with a person × repository heat map.
 */
import type {JournalEntry} from '../changes/types.js';
import type {AccessGraph} from '../graph/index.js';
import {levelLabel, type AccessSnapshot, type Level} from '../model.js';
import {formatAccessChange, type DriftReport} from './drift.js';
import {SEVERITIES, type Finding} from './findings.js';
import {describeCompleteness, completenessOf, type HistoryEntry} from './history.js';
import type {AccessMatrix} from './matrix.js';
import {escapeHtml, plainText} from './targets.js';

export interface ReportInput {
	generatedAt: string;
	snapshot: AccessSnapshot;
	sha256: string;
	entry?: HistoryEntry;
	graph: AccessGraph;
	workspaces: string[];
	findings: Finding[];
	drift?: {report: DriftReport; from: HistoryEntry; note?: string};
	/** Why there is no drift section (e.g. only one snapshot kept). */
	driftMissing?: string;
	journal: JournalEntry[];
	matrix?: AccessMatrix;
	policyFile?: string;
}

export function reportCounts(input: ReportInput): [string, number][] {
	const {graph, workspaces, snapshot} = input;
	const inScope = (workspace: string) => workspaces.includes(workspace);
	return [
		['workspaces', workspaces.length],
		['people', new Set(snapshot.memberships.filter(edge => inScope(edge.workspace)).map(edge => edge.user)).size],
		['owners', snapshot.memberships.filter(edge => inScope(edge.workspace) && edge.role === 'owner').length],
		['groups', workspaces.reduce((sum, ws) => sum + graph.groups(ws).length, 0)],
		['projects', workspaces.reduce((sum, ws) => sum + graph.projects(ws).length, 0)],
		['repositories', workspaces.reduce((sum, ws) => sum + graph.repositories(ws).length, 0)],
		['explicit project grants', snapshot.projectGrants.filter(grant => inScope(grant.workspace)).length],
		['explicit repository grants', snapshot.repositoryGrants.filter(grant => inScope(grant.workspace)).length],
		...SEVERITIES.slice().reverse().map((severity): [string, number] => [`${severity} findings`, input.findings.filter(finding => finding.severity === severity).length]),
	];
}

function journalLine(entry: JournalEntry): string {
	const verified = entry.verified ? (entry.verified.type === 'permission' ? (entry.verified.level ? levelLabel(entry.verified.level) : 'no entry') : entry.verified.member ? 'member' : 'not a member') : 'not re-read';
	return `${entry.time} ${entry.operation}: ${entry.summary} — ${entry.outcome} (verified: ${verified})${entry.message ? ` — ${entry.message}` : ''}`;
}

const md = (text: string) => plainText(text).replace(/([\\`*_[\]|<>])/g, '\\$1');

export function markdownReport(input: ReportInput): string {
	const {snapshot} = input;
	const lines: string[] = ['# Access review', ''];
	lines.push(`Generated ${input.generatedAt} by bbaccess from the access data of **${md(snapshot.account.email)}** at ${md(snapshot.apiUrl)}.`, '');
	lines.push('## Scope and snapshot', '');
	lines.push(`| | |`, `|---|---|`);
	lines.push(`| workspaces | ${md(input.workspaces.join(', '))} |`);
	lines.push(`| synced | ${snapshot.syncedAt} |`);
	if (input.entry) lines.push(`| snapshot id | ${input.entry.id} |`);
	lines.push(`| SHA-256 of the snapshot | \`${input.sha256}\` |`);
	lines.push(`| completeness | ${md(describeCompleteness(completenessOf(snapshot)))} |`);
	if (input.policyFile) lines.push(`| policy | ${md(input.policyFile)} |`);
	lines.push('', 'Access tokens and deploy keys never appear in permission listings; this review cannot see them.', '');
	lines.push('## Counts', '', '| | |', '|---|---:|');
	for (const [name, count] of reportCounts(input)) lines.push(`| ${name} | ${count} |`);
	lines.push('', `## Findings (${input.findings.length})`, '');
	if (input.findings.length === 0) lines.push('No findings.');
	for (const finding of input.findings) {
		lines.push(`### ${finding.severity.toUpperCase()} · ${md(finding.rule)} · ${md(finding.title)}`, '', `- id: \`${plainText(finding.id)}\``);
		for (const item of finding.paths) lines.push(`- path: ${md(item)}`);
		if (finding.proof) lines.push(`- proof: ${md(finding.proof)}`);
		if (finding.fix) lines.push(`- proposed fix: ${md(finding.fix.summary)}`);
		lines.push('');
	}
	lines.push('## Drift', '');
	if (input.drift) {
		const {report, from} = input.drift;
		lines.push(`From snapshot ${from.id} (synced ${from.syncedAt}) to this one.${input.drift.note ? ` ${md(input.drift.note)}.` : ''}`, '');
		lines.push(`### Effective access (${report.access.length})`, '');
		for (const change of report.access) lines.push(`- ${md(formatAccessChange(change))}`);
		lines.push('', `### Explicit state (${report.state.length})`, '');
		for (const change of report.state) lines.push(`- ${md(change.text)}`);
		if (report.notComparable.length > 0) {
			lines.push('', `### Not comparable (${report.notComparable.length})`, '');
			for (const item of report.notComparable) lines.push(`- ${md(item.what)}: ${md(item.reason)}`);
		}
	} else lines.push(md(input.driftMissing ?? 'No earlier snapshot.'));
	lines.push('', `## Changes made in this period (${input.journal.length})`, '');
	if (input.journal.length === 0) lines.push('No changes were journaled in this period.');
	for (const entry of input.journal) lines.push(`- ${md(journalLine(entry))}`);
	if (input.matrix) {
		const matrix = input.matrix;
		lines.push('', `## Access matrix: ${md(matrix.title)}`, '', `| person | ${matrix.repositories.map(md).join(' | ')} |`, `|---|${matrix.repositories.map(() => '---').join('|')}|`);
		matrix.people.forEach((person, row) => lines.push(`| ${md(person.name)} | ${matrix.levels[row]!.map(level => (level ? levelLabel(level) : '·')).join(' | ')} |`));
	}
	return `${lines.join('\n')}\n`;
}

const HEAT: Record<Level | 'none', string> = {none: '#f4f4f4', read: '#cfe8cf', write: '#f7d98b', 'create-repo': '#f2b36b', admin: '#e07a6a'};

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f0}
code{font-family:ui-monospace,monospace;font-size:.85em;word-break:break-all}.sev{font-weight:600;padding:0 .4rem;border-radius:3px;color:#fff}
.critical{background:#7a1010}.high{background:#c0392b}.medium{background:#d35400}.low{background:#2e6da4}.info{background:#6b6b6b}
.finding{border-left:4px solid #ddd;padding:.2rem .8rem;margin:.6rem 0;page-break-inside:avoid}.muted{color:#555}
.heat td{text-align:center;min-width:3.2rem;font-size:.8rem}.heat th.repo{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500}
.legend span{display:inline-block;padding:0 .5rem;margin-right:.3rem;border:1px solid #ccc}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}`;

export function htmlReport(input: ReportInput): string {
	const {snapshot} = input;
	const e = escapeHtml;
	const parts: string[] = [];
	parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
	parts.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
	parts.push(`<title>Access review — ${e(input.workspaces.join(', '))} — ${e(snapshot.syncedAt)}</title><style>${CSS}</style></head><body>`);
	parts.push(`<h1>Access review</h1><p class="muted">Generated ${e(input.generatedAt)} by bbaccess from the access data of <b>${e(snapshot.account.email)}</b> at ${e(snapshot.apiUrl)}.</p>`);
	parts.push('<h2>Scope and snapshot</h2><table>');
	const row = (name: string, value: string) => parts.push(`<tr><th>${e(name)}</th><td>${value}</td></tr>`);
	row('workspaces', e(input.workspaces.join(', ')));
	row('synced', e(snapshot.syncedAt));
	if (input.entry) row('snapshot id', e(input.entry.id));
	row('SHA-256 of the snapshot', `<code>${e(input.sha256)}</code>`);
	row('completeness', e(describeCompleteness(completenessOf(snapshot))));
	if (input.policyFile) row('policy', e(input.policyFile));
	parts.push('</table><p class="muted">Access tokens and deploy keys never appear in permission listings; this review cannot see them.</p>');
	parts.push('<h2>Counts</h2><table>');
	for (const [name, count] of reportCounts(input)) parts.push(`<tr><th>${e(name)}</th><td>${count}</td></tr>`);
	parts.push(`</table><h2>Findings (${input.findings.length})</h2>`);
	if (input.findings.length === 0) parts.push('<p>No findings.</p>');
	for (const finding of input.findings) {
		parts.push(`<div class="finding" id="${e(finding.id)}"><h3><span class="sev ${finding.severity}">${finding.severity.toUpperCase()}</span> ${e(finding.rule)} — ${e(finding.title)}</h3><ul>`);
		parts.push(`<li>id: <code>${e(finding.id)}</code></li>`);
		for (const item of finding.paths) parts.push(`<li>path: ${e(item)}</li>`);
		if (finding.proof) parts.push(`<li>proof: ${e(finding.proof)}</li>`);
		if (finding.fix) parts.push(`<li>proposed fix: ${e(finding.fix.summary)}</li>`);
		parts.push('</ul></div>');
	}
	parts.push('<h2>Drift</h2>');
	if (input.drift) {
		const {report, from} = input.drift;
		parts.push(`<p>From snapshot ${e(from.id)} (synced ${e(from.syncedAt)}) to this one.${input.drift.note ? ` ${e(input.drift.note)}.` : ''}</p>`);
		const list = (title: string, items: string[]) => parts.push(`<h3>${e(title)} (${items.length})</h3>${items.length > 0 ? `<ul>${items.map(item => `<li>${e(item)}</li>`).join('')}</ul>` : '<p class="muted">none</p>'}`);
		list('Effective access', report.access.map(formatAccessChange));
		list('Explicit state', report.state.map(change => change.text));
		if (report.notComparable.length > 0) list('Not comparable', report.notComparable.map(item => `${item.what}: ${item.reason}`));
	} else parts.push(`<p class="muted">${e(input.driftMissing ?? 'No earlier snapshot.')}</p>`);
	parts.push(`<h2>Changes made in this period (${input.journal.length})</h2>`);
	parts.push(input.journal.length === 0 ? '<p class="muted">No changes were journaled in this period.</p>' : `<ul>${input.journal.map(entry => `<li>${e(journalLine(entry))}</li>`).join('')}</ul>`);
	if (input.matrix) parts.push(heatMap(input.matrix));
	parts.push('</body></html>\n');
	return parts.join('\n');
}

function heatMap(matrix: AccessMatrix): string {
	const e = escapeHtml;
	const head = matrix.repositories.map(name => `<th class="repo">${e(name)}${matrix.incomplete.includes(name) ? ' *' : ''}</th>`).join('');
	const rows = matrix.people
		.map((person, index) => `<tr><th>${e(person.name)}</th>${matrix.levels[index]!.map(level => `<td style="background:${HEAT[level ?? 'none']}">${level ? levelLabel(level) : ''}</td>`).join('')}</tr>`)
		.join('');
	const legend = (['read', 'write', 'create-repo', 'admin'] as const).map(level => `<span style="background:${HEAT[level]}">${levelLabel(level)}</span>`).join('');
	const note = matrix.incomplete.length > 0 ? `<p class="muted">* grants of this repository are not loaded: the column may miss access.</p>` : '';
	return `<h2>Access matrix: ${e(matrix.title)}</h2><p class="legend">${legend}</p><table class="heat"><tr><th>person</th>${head}</tr>${rows}</table>${note}`;
}
