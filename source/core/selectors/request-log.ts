/**
 * Rows of the request log view: this session's API calls (never headers).
 */
import type {RequestLogEntry} from '../bitbucket/request-log.js';

export interface RequestLogRow {
	/** Position in the session, 1-based. */
	seq: number;
	at: string;
	method: string;
	path: string;
	status: string;
	ms: number;
	bytes: number;
	attempt: number;
}

export function requestLogRows(entries: readonly RequestLogEntry[]): RequestLogRow[] {
	return entries.map((entry, index) => ({
		seq: index + 1,
		at: new Date(entry.at).toISOString(),
		method: entry.method,
		path: entry.path,
		status: String(entry.status),
		ms: Math.round(entry.ms),
		bytes: entry.bytes,
		attempt: entry.attempt,
	}));
}
