/** Request counters served at GET /_emulator/stats (route templates, so tests can count writes). */

export interface EmulatorStats {
	/** API requests received (/2.0 and /1.0; not /_emulator). */
	requests: number;
	/** "METHOD /template" → status (or "reset") → count. Unknown paths are under "METHOD (unmatched)". */
	byRoute: Record<string, Record<string, number>>;
	byMethod: Record<string, number>;
	byStatus: Record<string, number>;
	/** Authenticated requests per account email. */
	byUser: Record<string, number>;
	served429: number;
	/** Injected faults: "500", "502", "503", "reset". */
	faults: Record<string, number>;
	/** 200 responses sent with a truncated body. */
	malformed: number;
	startedAt: string;
}

export function emptyStats(): EmulatorStats {
	return {requests: 0, byRoute: {}, byMethod: {}, byStatus: {}, byUser: {}, served429: 0, faults: {}, malformed: 0, startedAt: new Date().toISOString()};
}

function bump(record: Record<string, number>, key: string): void {
	record[key] = (record[key] ?? 0) + 1;
}

export function recordRequest(stats: EmulatorStats, method: string, template: string | undefined, status: string, email?: string): void {
	stats.requests++;
	const route = `${method} ${template ?? '(unmatched)'}`;
	const counts = (stats.byRoute[route] ??= {});
	bump(counts, status);
	bump(stats.byMethod, method);
	bump(stats.byStatus, status);
	if (email) bump(stats.byUser, email);
	if (status === '429') stats.served429++;
}

export function recordFault(stats: EmulatorStats, kind: string): void {
	bump(stats.faults, kind);
}

/** A deep copy, safe to hand out. */
export function snapshotStats(stats: EmulatorStats): EmulatorStats {
	return structuredClone(stats);
}
