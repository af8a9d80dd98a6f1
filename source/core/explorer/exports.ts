/** Writing the explorer's `e` exports: a new file each time, never overwriting one. */
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {ExportResult} from '../backend.js';
import {toBbError} from '../errors.js';

/**
 * Write rows of a view as CSV or JSON into `primary` (bbaccess's state directory unless configured),
 * or into `fallback` when `primary` is not writable. Says where.
 */
export async function writeExportRows(options: {name: string; rows: Record<string, unknown>[]; format: 'csv' | 'json'; at: Date; primary: string; fallback: string}): Promise<ExportResult> {
	const {rows, format} = options;
	const file = exportFileName(options.name, format, options.at);
	// Loaded on first export only: the explorer's start does not pay for it.
	const {toCsv, toJson} = await import('../export/format.js');
	const text = format === 'csv' ? toCsv(rows) : toJson(rows);
	try {
		await mkdir(options.primary, {recursive: true, mode: 0o700});
		return {path: await writeNew(options.primary, file, text), rows: rows.length};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') throw toBbError(error, 'config');
	}
	await mkdir(options.fallback, {recursive: true, mode: 0o700});
	return {path: await writeNew(options.fallback, file, text), rows: rows.length};
}

/** "bbaccess-<view>-<yyyymmdd-hhmmss>.<ext>", the view name reduced to safe characters. */
export function exportFileName(view: string, format: 'csv' | 'json', at: Date): string {
	const safe = view.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'rows';
	const pad = (n: number) => String(n).padStart(2, '0');
	const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
	return `bbaccess-${safe}-${stamp}.${format}`;
}

/** Write without overwriting: "x.csv", then "x-2.csv", "x-3.csv", … */
async function writeNew(dir: string, file: string, text: string): Promise<string> {
	const ext = path.extname(file);
	const stem = file.slice(0, -ext.length);
	for (let attempt = 1; ; attempt++) {
		const full = path.resolve(dir, attempt === 1 ? file : `${stem}-${attempt}${ext}`);
		try {
			await writeFile(full, text, {flag: 'wx', mode: 0o600});
			return full;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
		}
	}
}
