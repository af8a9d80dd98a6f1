/**
 * Several bbaccess processes using the real keychain at once (two logins, `info` while a login runs,
 * parallel tests): one process's entries appear and vanish while another lists them. Each must still
 * succeed; a Secret Service that momentarily reports a vanished item is retried, not misreported.
 */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {keychainStatus} from '../source/core/credentials/index.js';

const WORKER = `
import {probeKeychain, saveToken, loadToken, deleteToken} from './source/core/credentials/keychain.js';
const id = process.argv[1];
for (let round = 0; round < 3; round++) {
	await probeKeychain({writable: true});
	const email = 'race-' + id + '-' + round + '@example.test';
	await saveToken(email, 'http://127.0.0.1:1', 'secret-' + id);
	if ((await loadToken(email, 'http://127.0.0.1:1')) !== 'secret-' + id) throw new Error('read back failed');
	await deleteToken(email, 'http://127.0.0.1:1');
}
`;

function runWorker(id: number): Promise<{status: number | null; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WORKER, String(id)], {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', status => resolve({status, stderr}));
	});
}

test('concurrent processes writing, reading and deleting keychain entries all succeed', async t => {
	const status = await keychainStatus();
	if (!status.reachable) {
		if (process.env.BBACCESS_REQUIRE_KEYCHAIN === '1') assert.fail(`BBACCESS_REQUIRE_KEYCHAIN=1 but no keychain is reachable: ${status.problem}`);
		t.skip(`no OS keychain reachable: ${status.problem}`);
		return;
	}
	const results = await Promise.all([1, 2, 3, 4].map(runWorker));
	for (const [index, result] of results.entries()) {
		assert.equal(result.status, 0, `worker ${index + 1}: ${result.stderr}`);
	}
	const after = await keychainStatus();
	assert.ok(!after.accounts.some(account => account.startsWith('race-')), 'no entry left behind');
});
