/**
 * Review benchmark (not a test): the audit (every built-in rule, with redundant grants proven on
 * a graph without the grant) and the drift between two snapshots of the generated `large`
 * scenario (every grant loaded), plus the HTML report.
 *
 *   node --import tsx scripts/bench-review.ts [large|xl]...
 */
import os from 'node:os';
import {performance} from 'node:perf_hooks';
import {AccessGraph} from '../source/core/graph/index.js';
import {audit} from '../source/core/review/audit.js';
import {CHECK_BY_NAME, type Finding} from '../source/core/review/findings.js';
import {diffSnapshots} from '../source/core/review/drift.js';
import {snapshotSha256} from '../source/core/review/history.js';
import {htmlReport} from '../source/core/review/report.js';
import {generateScenario, type GeneratedSize} from '../source/emulator/scenarios/generate.js';
import {scenarioSnapshot} from './bench-graph.js';

function time<T>(fn: () => T, runs = 3): {ms: number; value: T} {
	let value = fn();
	const start = performance.now();
	for (let i = 0; i < runs; i++) value = fn();
	return {ms: (performance.now() - start) / runs, value};
}

function bench(size: GeneratedSize): void {
	const snapshot = scenarioSnapshot(generateScenario(size, 1));
	const graph = AccessGraph.fromSnapshot(snapshot);
	const findings = time(() => audit(graph));
	const byRule = new Map<string, number>();
	for (const finding of findings.value) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
	// The "after" side: 50 repository grants changed and 20 memberships dropped.
	const later = structuredClone(snapshot);
	for (const grant of later.repositoryGrants.slice(0, 50)) grant.level = grant.level === 'admin' ? 'read' : 'admin';
	for (const group of later.groups.slice(0, 20)) group.members = group.members.slice(1);
	const drift = time(() => diffSnapshots(snapshot, later), 1);
	const text = JSON.stringify(snapshot);
	const report = time(() => htmlReport({generatedAt: new Date().toISOString(), snapshot, sha256: snapshotSha256(text), graph, workspaces: graph.workspaces().map(ws => ws.slug), findings: findings.value, journal: []}), 1);
	console.log(`\n${size}: ${snapshot.users.length} users, ${snapshot.groups.length} groups, ${snapshot.repositories.length} repositories, ${snapshot.projectGrants.length + snapshot.repositoryGrants.length} grants`);
	console.log(`  audit (all built-in rules)        ${findings.ms.toFixed(0).padStart(6)} ms  ${findings.value.length} findings: ${[...byRule].map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
	for (const [name, check] of Object.entries(CHECK_BY_NAME)) {
		const ws = graph.workspaces()[0]!.slug;
		console.log(`    ${name.padEnd(30)} ${time(() => check(graph, ws, [] as Finding[]), 1).ms.toFixed(0).padStart(6)} ms`);
	}
	console.log(`  diff (two snapshots)              ${drift.ms.toFixed(0).padStart(6)} ms  ${drift.value.access.length} access changes, ${drift.value.state.length} state changes`);
	console.log(`  HTML report                       ${report.ms.toFixed(0).padStart(6)} ms  ${(report.value.length / 1024).toFixed(0)} KB`);
}

console.log(`Node ${process.version}, load average ${os.loadavg().map(value => value.toFixed(1)).join(' ')}`);
const sizes = process.argv.slice(2).filter(arg => arg === 'large' || arg === 'xl') as GeneratedSize[];
for (const size of sizes.length > 0 ? sizes : (['large'] as GeneratedSize[])) bench(size);
