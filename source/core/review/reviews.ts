/**
 * The reviews made so far: each `bbaccess report` records which kept snapshot it rested on, in
 * `<cache dir>/history/reviews.jsonl` (0600, access-data metadata only). The next report's drift
 * and journal then start from the previous review, not merely the previous sync.
 */
import {appendFile, chmod, readFile} from 'node:fs/promises';
import path from 'node:path';
import {ensurePrivateDir, type AppPaths} from '../paths.js';
import {accountHash, historyDir, type HistoryEntry} from './history.js';

export interface ReviewRecord {
	/** When the report was generated (ISO). */
	time: string;
	/** accountHash(apiUrl, email), as in the history entries. */
	account: string;
	/** The kept snapshot the report rested on (absent when its data was not in the history). */
	snapshotId?: string;
	sha256: string;
	file: string;
}

export function reviewsFile(paths: Pick<AppPaths, 'cacheDir'>): string {
	return path.join(historyDir(paths), 'reviews.jsonl');
}

/** Every recorded review of the account, oldest first (torn lines skipped). */
export async function reviewsOf(paths: Pick<AppPaths, 'cacheDir'>, apiUrl: string, email: string): Promise<ReviewRecord[]> {
	const account = accountHash(apiUrl, email);
	let text: string;
	try {
		text = await readFile(reviewsFile(paths), 'utf8');
	} catch {
		return [];
	}
	const records: ReviewRecord[] = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		try {
			const record = JSON.parse(line) as ReviewRecord;
			if (record.account === account && typeof record.time === 'string') records.push(record);
		} catch {
			// A torn line is not a review.
		}
	}
	return records;
}

export async function recordReview(paths: Pick<AppPaths, 'cacheDir'>, record: Omit<ReviewRecord, 'account'>, apiUrl: string, email: string): Promise<void> {
	const dir = historyDir(paths);
	await ensurePrivateDir(dir);
	const file = reviewsFile(paths);
	await appendFile(file, `${JSON.stringify({...record, account: accountHash(apiUrl, email)})}\n`, {mode: 0o600});
	await chmod(file, 0o600);
}

/**
 * The previous review to compare with: the newest recorded review whose snapshot is still kept
 * and older than `current` (a report run again on the same data compares with the review before).
 */
export function previousReview(records: readonly ReviewRecord[], entries: readonly HistoryEntry[], current: HistoryEntry | undefined): {record: ReviewRecord; entry: HistoryEntry} | undefined {
	const limit = current ? entries.findIndex(entry => entry.id === current.id) : entries.length;
	for (const record of [...records].reverse()) {
		const index = entries.findIndex(entry => entry.id === record.snapshotId);
		if (index >= 0 && index < limit) return {record, entry: entries[index]!};
	}
	return undefined;
}
