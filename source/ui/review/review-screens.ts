/**
 * The review views of the explorer: Findings (the audit of the graph now; Enter opens the objects
 * involved, f plans the fix, Space marks several: one batch) and Changes (drift since the previous kept
 * snapshot). Pure builders over the graph, like every other screen.
 */
import type {Tone} from '../components/table-model.js';
import {levelLabel, type Level} from '../../core/model.js';
import {audit} from '../../core/review/audit.js';
import {baselineFor, chooseBaseline} from '../../core/review/baseline.js';
import {ACCESS_MARKERS, diffSnapshots} from '../../core/review/drift.js';
import type {Finding, FindingObject, Severity} from '../../core/review/findings.js';
import {plainText} from '../../core/review/targets.js';
import type {ViewRef} from '../explorer/view-ref.js';
import {makeRow, plural, sortBy, type ScreenContext, type ScreenModel, type SectionModel} from '../explorer/screens/screen-model.js';

const SEVERITY_TONE: Record<Severity, Tone> = {critical: 'error', high: 'error', medium: 'warn', low: 'accent', info: 'muted'};
const SEVERITY_SORT: Record<Severity, number> = {critical: 0, high: 1, medium: 2, low: 3, info: 4};

/** The view of the first object a finding names (Enter). */
export function objectView(object: FindingObject | undefined): ViewRef | undefined {
	if (!object) return undefined;
	switch (object.type) {
		case 'repository':
			return {view: 'repository', fullName: object.fullName};
		case 'project':
			return {view: 'project', workspace: object.workspace, key: object.key};
		case 'group':
			return {view: 'group', workspace: object.workspace, slug: object.slug};
		case 'user':
			return {view: 'person', uuid: object.uuid};
		case 'workspace':
			return {view: 'workspace', workspace: object.workspace};
	}
}

/** Every object a finding names, with its view, for Enter's "open which?" (one per view). */
function objectChoices(ctx: Pick<ScreenContext, 'graph'>, finding: Finding): {ref: ViewRef; label: string}[] {
	const seen = new Set<string>();
	const choices: {ref: ViewRef; label: string}[] = [];
	for (const object of finding.objects) {
		const ref = objectView(object);
		if (!ref) continue;
		const label = objectLabel(ctx, object);
		if (seen.has(label)) continue;
		seen.add(label);
		choices.push({ref, label});
	}
	return choices;
}

function objectLabel(ctx: Pick<ScreenContext, 'graph'>, object: FindingObject): string {
	switch (object.type) {
		case 'repository':
			return `repository ${object.fullName}`;
		case 'project':
			return `project ${object.workspace}:${object.key}`;
		case 'group':
			return `group ${object.slug} (${object.workspace})`;
		case 'workspace':
			return `workspace ${object.workspace}`;
		case 'user': {
			const user = ctx.graph.user(object.uuid);
			return `person ${plainText(user ? (user.nickname && user.nickname !== user.displayName ? `${user.displayName} (${user.nickname})` : user.displayName) : object.uuid)}`;
		}
	}
}

const findingCache = new WeakMap<object, {revision: number; findings: Finding[]}>();

/** The findings of the graph at its current revision (computed once per revision). */
export function graphFindings(ctx: Pick<ScreenContext, 'graph'>): Finding[] {
	const cached = findingCache.get(ctx.graph);
	if (cached && cached.revision === ctx.graph.revision) return cached.findings;
	const findings = audit(ctx.graph);
	findingCache.set(ctx.graph, {revision: ctx.graph.revision, findings});
	return findings;
}

export function findingsScreen(ctx: ScreenContext, ref: ViewRef & {view: 'findings'}): ScreenModel {
	const findings = graphFindings(ctx);
	const rows = findings.map(finding =>
		makeRow(
			finding.id,
			{severity: finding.severity.toUpperCase(), rule: finding.rule, finding: plainText(finding.title), fix: finding.fix && finding.fix.changes.length > 0 ? 'f' : '—'},
			{
				tones: {severity: SEVERITY_TONE[finding.severity], fix: finding.fix?.changes.length ? 'ok' : 'muted'},
				sort: {severity: SEVERITY_SORT[finding.severity], rule: finding.rule, finding: finding.title},
				extraSearch: [finding.id, finding.workspace],
				open: objectView(finding.objects[0]),
				openChoices: objectChoices(ctx, finding),
				copy: {text: finding.id, label: 'finding id'},
				record: {id: finding.id, rule: finding.rule, severity: finding.severity, workspace: finding.workspace, title: finding.title, paths: finding.paths.join('; '), proof: finding.proof ?? '', fix: finding.fix?.summary ?? ''},
			},
		),
	);
	const section: SectionModel = {
		id: 'findings',
		title: 'Findings',
		columns: [
			{id: 'severity', title: 'Severity', min: 8, priority: 0},
			{id: 'rule', title: 'Rule', min: 12, max: 24, priority: 2},
			{id: 'finding', title: 'Finding', min: 20, grow: 1, priority: 0},
			{id: 'fix', title: 'Fix', min: 3, priority: 1},
		],
		rows,
		sorts: [sortBy('severity', 'severity', [{field: 'severity'}, {field: 'rule'}]), sortBy('rule', 'rule', [{field: 'rule'}, {field: 'severity'}])],
		empty: 'No findings.',
	};
	const fixable = findings.filter(finding => finding.fix && finding.fix.changes.length > 0).length;
	const bySeverity = (['critical', 'high', 'medium', 'low', 'info'] as const).map(severity => [severity, findings.filter(finding => finding.severity === severity).length] as const).filter(([, count]) => count > 0);
	return {
		ref,
		crumbs: ['findings'],
		summary: [`${plural(findings.length, 'finding')}${bySeverity.length > 0 ? ` (${bySeverity.map(([severity, count]) => `${count} ${severity}`).join(', ')})` : ''}; ${fixable} with a fix: f plans it (Space marks several, * all shown), Enter opens`],
		sections: [section],
		exportName: 'findings',
	};
}

const level = (value: Level | 'none') => (value === 'none' ? 'none' : levelLabel(value));

export function changesScreen(ctx: ScreenContext, ref: ViewRef & {view: 'changes'}): ScreenModel {
	// The choice carries to the access rows' markers (they compare with the same snapshot).
	chooseBaseline(ref.since);
	const baseline = baselineFor(ctx.graph, ref.since);
	const base = {ref, crumbs: [ref.since === undefined ? 'changes' : `changes since ${ref.since}`], exportName: 'changes'};
	if (baseline.state !== 'ready') {
		const text = baseline.state === 'loading' ? 'Reading the previous snapshot…' : baseline.reason;
		return {...base, summary: [text], sections: [{id: 'access', title: 'Access', columns: [{id: 'change', title: 'Change', min: 10, grow: 1, priority: 0}], rows: [], sorts: [sortBy('change', 'change', [{field: 'change'}])], empty: text}]};
	}
	const report = diffSnapshots(baseline.snapshot, ctx.graph);
	const access = report.access.map((change, index) =>
		makeRow(
			`a${index}`,
			{mark: ACCESS_MARKERS[change.kind], person: plainText(change.userName), target: plainText(change.targetName), level: `${level(change.before)} → ${level(change.after)}`, why: plainText(change.whyAfter || (change.whyBefore ? `was ${change.whyBefore}` : ''))},
			{
				tones: {mark: change.kind === 'added' || change.kind === 'raised' ? 'warn' : change.kind === 'why-changed' ? 'muted' : 'ok'},
				sort: {person: change.userName, target: change.targetName},
				extraSearch: [change.user],
				open: change.target.type === 'repository' ? {view: 'repository', fullName: change.target.fullName} : {view: 'project', workspace: change.target.workspace, key: change.target.key},
				record: {...change, target: change.targetName},
			},
		),
	);
	const state = report.state.map((change, index) => makeRow(`s${index}`, {kind: change.kind, change: plainText(change.text)}, {sort: {kind: change.kind}, record: {...change}}));
	const unknown = report.notComparable.map((item, index) => makeRow(`n${index}`, {what: plainText(item.what), reason: plainText(item.reason)}, {tones: {reason: 'muted'}, record: {...item}}));
	return {
		...base,
		summary: [`Since snapshot ${baseline.entry.id} (synced ${baseline.entry.syncedAt.slice(0, 16).replace('T', ' ')}): ${plural(report.access.length, 'access change')}, ${plural(report.state.length, 'state change')}, ${report.notComparable.length} not comparable`],
		sections: [
			{
				id: 'access',
				title: 'Access',
				columns: [
					{id: 'mark', title: ' ', min: 1, priority: 0},
					{id: 'person', title: 'Person', min: 12, max: 30, priority: 0},
					{id: 'target', title: 'Target', min: 12, max: 36, priority: 0},
					{id: 'level', title: 'Level', min: 14, priority: 0},
					{id: 'why', title: 'Why now', min: 10, grow: 1, priority: 2},
				],
				rows: access,
				sorts: [sortBy('target', 'target', [{field: 'target'}, {field: 'person'}]), sortBy('person', 'person', [{field: 'person'}, {field: 'target'}])],
				empty: 'No effective access changed.',
			},
			{id: 'state', title: 'Explicit', columns: [{id: 'kind', title: 'Kind', min: 12, max: 20, priority: 1}, {id: 'change', title: 'Change', min: 20, grow: 1, priority: 0}], rows: state, sorts: [sortBy('kind', 'kind', [{field: 'kind'}])], empty: 'No explicit change.'},
			{id: 'not-comparable', title: 'Not comparable', columns: [{id: 'what', title: 'What', min: 16, max: 50, priority: 0}, {id: 'reason', title: 'Why not', min: 16, grow: 1, priority: 1}], rows: unknown, sorts: [sortBy('what', 'what', [{field: 'what'}])], empty: 'Everything was comparable.'},
		],
	};
}
