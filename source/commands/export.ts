/**
 * `bbaccess export`: effective access, explicit grants, members or groups as CSV or JSON, to a file
 * or stdout. See source/core/export/ for the rows and formats.
 */
import {BbError} from '../core/errors.js';
import {EXPORT_KINDS, type ExportKind} from '../core/export/rows.js';
import {runExport, type ExportIO, type ExportOptions} from '../core/export/run-export.js';
import {list, parseCommandArgs} from './args.js';

const OPTIONS = {
	workspace: {type: 'string', multiple: true},
	what: {type: 'string'},
	format: {type: 'string'},
	out: {type: 'string', short: 'o'},
	shallow: {type: 'boolean'},
	'no-cache': {type: 'boolean'},
	'api-url': {type: 'string'},
	budget: {type: 'string'},
} as const;

export function parseExportArgs(argv: string[]): ExportOptions {
	const {values} = parseCommandArgs(argv, OPTIONS);
	const what = values.what ?? 'effective';
	if (!(EXPORT_KINDS as readonly string[]).includes(what)) {
		throw new BbError('usage', `--what takes ${EXPORT_KINDS.join(', ')}; got '${what}'`);
	}
	const format = values.format ?? (values.out?.toLowerCase().endsWith('.json') ? 'json' : 'csv');
	if (format !== 'csv' && format !== 'json') throw new BbError('usage', `--format takes csv or json; got '${format}'`);
	if (values.out !== undefined && values.out.trim() === '') throw new BbError('usage', '--out needs a file name');
	return {
		what: what as ExportKind,
		format,
		workspaces: list(values.workspace),
		out: values.out,
		shallow: values.shallow === true,
		noCache: values['no-cache'] === true,
		apiUrl: values['api-url'],
		budget: values.budget,
	};
}

export async function run(argv: string[], io?: ExportIO): Promise<number> {
	const options = parseExportArgs(argv);
	return runExport(options, io ?? {stdout: process.stdout, stderr: process.stderr, env: process.env, progress: process.stderr.isTTY === true});
}
