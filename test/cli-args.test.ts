import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseCommandArgs, intFlag, rateFlag} from '../source/commands/args.js';
import {BbError} from '../source/core/errors.js';

const options = {seed: {type: 'string'}, yes: {type: 'boolean'}} as const;

function usageMessage(fn: () => unknown): string {
	try {
		fn();
	} catch (error) {
		assert.ok(error instanceof BbError, 'throws a BbError');
		assert.equal(error.kind, 'usage');
		assert.doesNotMatch(error.message, /\n/, 'one line');
		return error.message;
	}
	assert.fail('expected a usage error');
}

test('flag errors are one specific line', () => {
	assert.equal(usageMessage(() => parseCommandArgs(['--nope'], options)), "unknown option '--nope'");
	assert.equal(usageMessage(() => parseCommandArgs(['--seed'], options)), "option '--seed' needs a value");
	assert.match(usageMessage(() => parseCommandArgs(['--seed', '-1'], options)), /option '--seed' needs a value .*--seed=VALUE/);
	assert.equal(usageMessage(() => parseCommandArgs(['--yes', 'extra'], options)), "unexpected argument 'extra'");
});

test('values parse and numeric flags are range-checked', () => {
	assert.equal(parseCommandArgs(['--seed=-1'], options).values.seed, '-1');
	assert.equal(intFlag('port', '8080', {max: 65535}), 8080);
	assert.match(usageMessage(() => intFlag('port', 'x')), /whole number/);
	assert.match(usageMessage(() => intFlag('port', '70000', {max: 65535})), /between 0 and 65535/);
	assert.equal(rateFlag('fault-rate', '0.25'), 0.25);
	assert.match(usageMessage(() => rateFlag('fault-rate', '2')), /probability/);
});
