/**
 * The change journal: append-only JSON Lines in the XDG state dir (appPaths().journalFile), mode 0600.
 * One line per planned item that reached apply (or dry-run). Never a token: entries hold the account
 * email, the API URL, the change, before/after/verified states and the requests sent (method + path).
 */
import {appendFile, chmod, readFile} from 'node:fs/promises';
import path from 'node:path';
import {BbError} from '../errors.js';
import {ensurePrivateDir} from '../paths.js';
import type {JournalEntry} from './types.js';

export interface JournalReadResult {
	entries: JournalEntry[];
	/** Lines that could not be parsed (a torn write, a hand edit); they are skipped, not fatal. */
	skippedLines: number;
}

/** Told after every append in this process (the Journal view reloads; other processes are read when it opens). */
const appendListeners = new Set<(file: string) => void>();

export class Journal {
	constructor(readonly file: string) {}

	static onAppend(listener: (file: string) => void): () => void {
		appendListeners.add(listener);
		return () => appendListeners.delete(listener);
	}

	async append(entries: readonly JournalEntry[]): Promise<void> {
		if (entries.length === 0) return;
		const text = entries.map(entry => JSON.stringify(entry)).join('\n') + '\n';
		try {
			await ensurePrivateDir(path.dirname(this.file));
			await appendFile(this.file, text, {encoding: 'utf8', mode: 0o600});
			// appendFile's mode applies only when it creates the file; tighten an existing one too.
			await chmod(this.file, 0o600);
		} catch (error) {
			throw new BbError('config', `could not write the change journal ${this.file}: ${(error as Error).message}`, {cause: error});
		}
		for (const listener of [...appendListeners]) listener(this.file);
	}

	/** Every entry, oldest first. A missing journal is empty. */
	async read(): Promise<JournalReadResult> {
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {entries: [], skippedLines: 0};
			throw new BbError('config', `could not read the change journal ${this.file}: ${(error as Error).message}`, {cause: error});
		}
		const entries: JournalEntry[] = [];
		let skippedLines = 0;
		for (const line of text.split('\n')) {
			if (line.trim() === '') continue;
			try {
				const parsed = JSON.parse(line) as unknown;
				if (isJournalEntry(parsed)) entries.push(parsed);
				else skippedLines++;
			} catch {
				skippedLines++;
			}
		}
		return {entries, skippedLines};
	}
}

function isJournalEntry(value: unknown): value is JournalEntry {
	if (typeof value !== 'object' || value === null) return false;
	const entry = value as Record<string, unknown>;
	return typeof entry.time === 'string' && typeof entry.batch === 'string' && typeof entry.outcome === 'string' && typeof entry.request === 'object';
}
