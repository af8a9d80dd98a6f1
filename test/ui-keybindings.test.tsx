import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {explorerCommands} from '../source/ui/keys/command-sets.js';
import {renderKeybindingsMarkdown} from '../source/ui/keys/keybindings-doc.js';
import {keyConflicts} from '../source/ui/keys/registry.js';
import {VIEW_KINDS} from '../source/ui/explorer/view-ref.js';

test('docs/keybindings.md is generated from the registry and up to date (npm run docs:keys)', () => {
	const committed = readFileSync(new URL('../docs/keybindings.md', import.meta.url), 'utf8');
	assert.equal(committed, renderKeybindingsMarkdown(explorerCommands()), 'docs/keybindings.md is out of date: run `npm run docs:keys`');
});

test('every registry command has an id, keys, a description and is documented', () => {
	const commands = explorerCommands();
	const doc = renderKeybindingsMarkdown(commands);
	const ids = new Set<string>();
	for (const command of commands) {
		assert.ok(!ids.has(command.id), `duplicate id ${command.id}`);
		ids.add(command.id);
		assert.ok(command.keys.length > 0 && command.description.length > 0, command.id);
		assert.ok(doc.includes(`\`${command.id}\``), `${command.id} in the doc`);
	}
	assert.ok(commands.length >= 20);
});

test('no two commands share a key in the same view', () => {
	assert.deepEqual(keyConflicts(explorerCommands(), VIEW_KINDS), []);
	const clash = keyConflicts([...explorerCommands(), {id: 'test.clash', keys: ['j'], description: 'x', group: 'Actions', run: () => undefined}], VIEW_KINDS);
	assert.ok(clash.length > 0, 'the check can fail');
});
