import assert from 'node:assert/strict';
import {mkdtemp, readdir, rm, writeFile, mkdir} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {AccessGraph} from '../source/core/graph/index.js';
import {appPaths} from '../source/core/paths.js';
import {findEntry, listHistory, readHistorySnapshot, recordSnapshot, retentionFrom} from '../source/core/review/history.js';
import {parsePolicy, policyFindings} from '../source/core/review/policy.js';
import {demoBuilder} from './helpers/snapshot-builder.js';

function refused(text: string, file = 'p.json'): string {
	try {
		parsePolicy(text, file);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('the policy was accepted');
}

test('a bad policy file is refused with line, column and reason', () => {
	assert.equal(refused('{"rules": [\n  {"rule": "max-admins" "max": 3}\n]}'), `policy p.json:2:25: not valid JSON: expected ',' or '}' after a value, found '"'`);
	assert.equal(refused('{"rules": [{"rule": "no-admins"}]}'), 'policy p.json:1:21: unknown rule "no-admins" (known: max-level, no-user-grants, max-admins, reachable-by)');
	assert.equal(refused('{"rules": [{"rule": "max-admins", "max": 3, "limit": 4}]}'), 'policy p.json:1:45: rule max-admins has no key "limit" (it takes rule, severity, workspace, max)');
	assert.equal(refused('{"rules": [\n {"rule": "max-admins", "max": -1}]}'), 'policy p.json:2:32: "max" must be a whole number ≥ 0; got -1');
	assert.equal(refused('{"rules": [{"rule": "max-admins", "max": 1, "severity": "urgent"}]}'), 'policy p.json:1:57: "severity" must be one of info, low, medium, high, critical; got "urgent"');
	assert.equal(refused('{"rules": [{"rule": "max-level", "level": "READ"}]}'), 'policy p.json:1:12: rule max-level needs "group"');
	assert.equal(refused('[]'), 'policy p.json:1:1: the file must hold a JSON object {"rules": […]}');
	assert.equal(refused('{"rules": [], "rulez": 1}'), 'policy p.json:1:15: unknown key "rulez" (only "rules")');
});

test('a YAML policy file (.yaml/.yml) is checked the same way: a bad one is refused with line, column and reason', () => {
	assert.equal(refused('rules:\n  - rule: max-level\n    group: contractors\n    level: OWNER\n', 'p.yaml'), 'policy p.yaml:4:12: "level" must be READ, WRITE, CREATE-REPO or ADMIN; got "OWNER"');
	assert.equal(refused('rules:\n  - rule: max-admins\n    max: 3\n    max: 4\n', 'p.yml'), 'policy p.yml:4:5: not valid YAML: a key appears twice');
	assert.equal(refused('rules:\n  - rule: no-admins\n', 'p.yaml'), 'policy p.yaml:2:11: unknown rule "no-admins" (known: max-level, no-user-grants, max-admins, reachable-by)');
	assert.equal(refused('rules:\n\t- rule: max-admins\n', 'p.yaml'), 'policy p.yaml:2:1: not valid YAML: Tabs are not allowed as indentation');
	assert.equal(refused('rules:\n  - &a {rule: max-admins, max: 1}\n  - *a\n', 'p.yaml'), 'policy p.yaml:3:5: not valid YAML: aliases (*name) are not allowed in a policy file');
	assert.equal(refused('- rule: max-admins\n', 'p.yaml'), 'policy p.yaml:1:1: the file must hold a map with "rules:" and a list of rules');
	assert.equal(refused('rules:\n  - rule: max-admins\n    max: three\n', 'p.yaml'), 'policy p.yaml:3:10: "max" must be a whole number ≥ 0; got "three"');
});

test('the four example rule kinds in YAML give the same policy as in JSON', () => {
	const yaml = [
		'# The organisation\'s own rules',
		'rules:',
		'  - rule: max-level',
		'    group: contractors',
		'    level: READ',
		'    severity: high',
		'  - rule: no-user-grants',
		'    project: PLAT',
		'  - rule: max-admins',
		'    max: 3',
		'    severity: low',
		'  - {rule: reachable-by, group: security, level: READ}',
	].join('\n');
	const json = JSON.stringify({
		rules: [
			{rule: 'max-level', group: 'contractors', level: 'READ', severity: 'high'},
			{rule: 'no-user-grants', project: 'PLAT'},
			{rule: 'max-admins', max: 3, severity: 'low'},
			{rule: 'reachable-by', group: 'security', level: 'READ'},
		],
	});
	const fromYaml = parsePolicy(yaml, 'policy.yaml').rules;
	assert.deepEqual(fromYaml, parsePolicy(json, 'policy.json').rules);
	assert.deepEqual(fromYaml.map(rule => [rule.rule, rule.severity]), [['max-level', 'high'], ['no-user-grants', 'medium'], ['max-admins', 'low'], ['reachable-by', 'medium']]);
});

test('policy rules find exactly what they say, each with its severity and a fix where bbaccess can make one', () => {
	const graph = AccessGraph.fromSnapshot(demoBuilder().group('acme', 'security', []).projectGrant('acme', 'DATA', {group: 'security'}, 'read').build());
	const policy = parsePolicy(
		JSON.stringify({
			rules: [
				{rule: 'max-level', group: 'release-managers', level: 'WRITE', severity: 'high'},
				{rule: 'no-user-grants', project: 'PLAT'},
				{rule: 'max-admins', max: 1, severity: 'low'},
				{rule: 'reachable-by', group: 'security'},
			],
		}),
		'p.json',
	);
	const findings = policyFindings(graph, policy);
	assert.deepEqual(findings.map(finding => [finding.severity, finding.id]), [
		['high', 'policy:max-level:acme:PLAT:g:release-managers'],
		['medium', 'policy:no-user-grants:acme/api-gateway:u:{lilei}'],
		['medium', 'policy:no-user-grants:acme/billing-service:u:{fmulder}'],
		['medium', 'policy:reachable-by:acme/api-gateway:g:security'],
		['medium', 'policy:reachable-by:acme/billing-service:g:security'],
		['low', 'policy:max-admins:acme/api-gateway'],
	]);
	assert.deepEqual(findings[0]!.fix!.changes, [{type: 'permission', target: {type: 'project', workspace: 'acme', key: 'PLAT'}, principal: {type: 'group', slug: 'release-managers'}, level: 'write'}]);
});

test('history: one gzip copy per sync, identical data not kept twice, bounded by count and by age; ids resolve', async () => {
	const root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-history-'));
	try {
		const paths = {cacheDir: root};
		const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));
		const snapshotOf = (day: number, extra = false) => {
			const builder = demoBuilder();
			if (extra) builder.user(`u${day}`, `User ${day}`).member('acme', `u${day}`);
			const snapshot = builder.build();
			snapshot.syncedAt = at(day).toISOString();
			return snapshot;
		};
		const retention = {maxSnapshots: 3, maxAgeDays: 10};
		for (const day of [1, 2, 3, 4, 5]) await recordSnapshot(snapshotOf(day), paths, retention, at(day));
		assert.deepEqual((await listHistory(paths)).map(entry => entry.syncedAt.slice(0, 10)), ['2026-11-03', '2026-11-04', '2026-11-05'], 'count bound');
		// A later save of the same sync (more loaded) replaces that sync's copy.
		await recordSnapshot(snapshotOf(5, true), paths, retention, at(5));
		assert.equal((await listHistory(paths)).length, 3);
		// The same data again is not kept twice.
		assert.equal(await recordSnapshot(snapshotOf(5, true), paths, retention, at(6)), undefined);
		// Age bound: 20 days later only the new one (and nothing older than 10 days) stays.
		await recordSnapshot(snapshotOf(25), paths, retention, at(25));
		const entries = await listHistory(paths);
		assert.deepEqual(entries.map(entry => entry.syncedAt.slice(0, 10)), ['2026-11-25']);
		assert.equal(findEntry(entries, 'latest').id, entries[0]!.id);
		assert.equal(findEntry(entries, entries[0]!.id.split('-')[1]!.slice(0, 6)).id, entries[0]!.id);
		const {snapshot} = await readHistorySnapshot(entries[0]!, paths);
		assert.equal(snapshot.syncedAt, at(25).toISOString());
		assert.equal((await readdir(path.join(root, 'history'))).length, 2, 'one .json.gz and one .meta.json');
	} finally {
		await rm(root, {recursive: true, force: true});
	}
});

test('history retention comes from the config (historyMaxSnapshots, historyMaxAgeDays)', async () => {
	const root = await mkdtemp(path.join(os.tmpdir(), 'bbaccess-history-config-'));
	try {
		const paths = appPaths({XDG_CONFIG_HOME: path.join(root, 'c'), XDG_CACHE_HOME: path.join(root, 'k')});
		assert.deepEqual(retentionFrom(paths), {maxSnapshots: 50, maxAgeDays: 180});
		await mkdir(paths.configDir, {recursive: true});
		await writeFile(paths.configFile, JSON.stringify({historyMaxSnapshots: 7, historyMaxAgeDays: 30}));
		assert.deepEqual(retentionFrom(paths), {maxSnapshots: 7, maxAgeDays: 30});
	} finally {
		await rm(root, {recursive: true, force: true});
	}
});
