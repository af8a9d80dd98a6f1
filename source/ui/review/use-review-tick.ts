/** A number that changes whenever the review state does (baseline loaded, marks): a memo key for screens. */
import {useEffect, useState} from 'react';
import {onReviewChange} from '../../core/review/baseline.js';

export function useReviewTick(): number {
	const [tick, setTick] = useState(0);
	useEffect(() => onReviewChange(() => setTick(value => value + 1)), []);
	return tick;
}
