/**
 * Writes docs/keybindings.md from the key registry. `--check` exits 1 when the file is out of date.
 *   npm run docs:keys            regenerate
 *   npm run docs:keys -- --check verify only
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {explorerCommands} from '../source/ui/keys/command-sets.js';
import {renderKeybindingsMarkdown} from '../source/ui/keys/keybindings-doc.js';

const target = new URL('../docs/keybindings.md', import.meta.url);
const markdown = renderKeybindingsMarkdown(explorerCommands());

if (process.argv.includes('--check')) {
	let current = '';
	try {
		current = readFileSync(target, 'utf8');
	} catch {
		// missing counts as out of date
	}
	if (current !== markdown) {
		process.stderr.write('docs/keybindings.md is out of date: run `npm run docs:keys`.\n');
		process.exit(1);
	}
	process.stdout.write('docs/keybindings.md is up to date.\n');
} else {
	writeFileSync(target, markdown);
	process.stdout.write('Wrote docs/keybindings.md\n');
}
