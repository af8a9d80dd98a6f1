import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeChange} from '../source/core/changes/describe.js';
import {possessive} from '../source/core/text/english.js';

test("possessive: lilei's, group developers' (never developers's)", () => {
	assert.equal(possessive('lilei'), "lilei's");
	assert.equal(possessive('group developers'), "group developers'");
	assert.equal(possessive('James'), "James'");
	const text = describeChange({type: 'permission', target: {type: 'repository', workspace: 'acme', fullName: 'acme/docs-site'}, principal: {type: 'group', workspace: 'acme', slug: 'qa-testers'}} as never, {principal: 'group qa-testers', resource: 'acme/docs-site'});
	assert.equal(text, "revoke group qa-testers' explicit permission on acme/docs-site");
});
