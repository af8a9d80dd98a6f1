/**
 * A second process spending one ledger: `node --import tsx test/helpers/spend-budget.ts FILE LIMIT WINDOW_MS COUNT`.
 * Waits for FILE.go to exist (so both processes start together), then tries COUNT acquires without
 * waiting and prints how many were granted.
 */
import {existsSync} from 'node:fs';
import {RequestBudget} from '../../source/core/bitbucket/budget.js';

const [file, limit, windowMs, count] = process.argv.slice(2);
const budget = new RequestBudget({file, policy: {limit: Number(limit), windowMs: Number(windowMs)}});
while (!existsSync(`${file}.go`)) await new Promise(resolve => setTimeout(resolve, 5));
let granted = 0;
for (let index = 0; index < Number(count); index++) {
	try {
		await budget.acquire();
		granted++;
	} catch {
		// Spent: keep trying, so both processes contend to the end.
	}
}
process.stdout.write(`${granted}\n`);
