/**
 * A number that changes whenever the journal store does (a memo key for screens); also re-reads
 * the journal each time a Journal view opens, since another process (the CLI, another session)
 * may have written to it since.
 */
import {useEffect, useState} from 'react';
import type {ExplorerBackend} from '../../core/backend.js';
import {journalState, onJournalChange, reloadJournal} from '../../core/changes/journal-store.js';
import type {ViewKind} from '../explorer/view-ref.js';

export function useJournalTick(view: ViewKind, backend: ExplorerBackend): number {
	const [tick, setTick] = useState(0);
	useEffect(() => onJournalChange(() => setTick(value => value + 1)), []);
	// Read it once at start (a local file), so `J` shows the list at once.
	useEffect(() => {
		const service = backend.changes;
		if (service) journalState(service.journal, service.account);
	}, [backend]);
	const inJournal = view === 'journal' || view === 'journal-entry';
	useEffect(() => {
		const service = backend.changes;
		if (inJournal && service) reloadJournal(service.journal, service.account);
	}, [inJournal, backend]);
	return inJournal ? tick : 0;
}
