import {closeSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';
import {ensurePrivateDirSync} from '../paths.js';

/**
 * One HTTP attempt as the admin may see it: method, path (with at most the page number of the
 * query), status, time and size. Never headers, never other query values, never credentials.
 */
export interface RequestLogEntry {
	at: number;
	method: string;
	path: string;
	status: number | 'error';
	ms: number;
	bytes: number;
	attempt: number;
}

/** Keeps the most recent entries in memory (for the UI) and optionally appends every entry to a file (--debug). */
export class RequestLog {
	readonly #capacity: number;
	readonly #entries: RequestLogEntry[] = [];
	readonly #listeners = new Set<(entry: RequestLogEntry) => void>();
	#fileDescriptor: number | undefined;

	constructor({capacity = 2000}: {capacity?: number} = {}) {
		this.#capacity = capacity;
	}

	entries(): readonly RequestLogEntry[] {
		return this.#entries;
	}

	add(entry: RequestLogEntry): void {
		this.#entries.push(entry);
		if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
		if (this.#fileDescriptor !== undefined) writeSync(this.#fileDescriptor, `${JSON.stringify(entry)}\n`);
		for (const listener of this.#listeners) listener(entry);
	}

	subscribe(listener: (entry: RequestLogEntry) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Append entries as JSON lines to `file` (created with mode 0600), starting with those already logged. */
	writeTo(file: string): void {
		this.close();
		ensurePrivateDirSync(path.dirname(file));
		this.#fileDescriptor = openSync(file, 'a', 0o600);
		for (const entry of this.#entries) writeSync(this.#fileDescriptor, `${JSON.stringify(entry)}\n`);
	}

	close(): void {
		if (this.#fileDescriptor === undefined) return;
		closeSync(this.#fileDescriptor);
		this.#fileDescriptor = undefined;
	}
}

/** The path as logged: the path without its query, plus `?page=N` when the query carries a page number. */
export function loggablePath(pathAndQuery: string): string {
	const question = pathAndQuery.indexOf('?');
	if (question === -1) return pathAndQuery;
	const page = new URLSearchParams(pathAndQuery.slice(question + 1)).get('page');
	const bare = pathAndQuery.slice(0, question);
	return page !== null && /^\d+$/.test(page) ? `${bare}?page=${page}` : bare;
}
