#!/usr/bin/env node
/**
 * The installed command. Checks the runtime first, with nothing else loaded, then hands over
 * to cli.js. An old Node gets one line and exit code 2 (bad usage of the environment).
 */
import {runtimeProblem} from './runtime-check.js';

const problem = runtimeProblem(process.versions.node);
if (problem) {
	process.stderr.write(`${problem}\n`);
	process.exitCode = 2;
} else {
	await import('./cli.js');
}
