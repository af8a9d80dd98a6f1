import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {safeJson, sanitizeText} from '../source/core/text/sanitize.js';
import {Writable} from 'node:stream';
import {columnsOf, guardFormula, toCsv, toJson} from '../source/core/export/format.js';
import {writeChunks} from '../source/core/export/run-export.js';

/** A strict RFC 4180 reader, written for the test: records of fields, CRLF line ends. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let field = '';
	let record: string[] = [];
	let i = 0;
	let quoted = false;
	while (i < text.length) {
		const char = text[i]!;
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i += 2;
			} else if (char === '"') {
				quoted = false;
				i++;
			} else {
				field += char;
				i++;
			}
		} else if (char === '"' && field === '') {
			quoted = true;
			i++;
		} else if (char === ',') {
			record.push(field);
			field = '';
			i++;
		} else if (char === '\r' && text[i + 1] === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			i += 2;
		} else {
			assert.ok(char !== '"' && char !== '\r' && char !== '\n', `unquoted special character at ${i}`);
			field += char;
			i++;
		}
	}
	assert.equal(field, '', 'text ends with CRLF');
	assert.deepEqual(record, []);
	return records;
}

test('CSV has a header row, CRLF line ends and quotes only what needs quoting', () => {
	const csv = toCsv([
		{name: 'plain', note: 'a, b', quote: 'say "hi"', lines: 'one\ntwo', n: 3, ok: true, missing: undefined},
		{name: 'Ünïcödé 李雷', note: '', quote: null, lines: 'x', n: -1, ok: false},
	]);
	assert.equal(
		csv,
		'name,note,quote,lines,n,ok,missing\r\n' + 'plain,"a, b","say ""hi""",one␊two,3,true,\r\n' + 'Ünïcödé 李雷,,,x,-1,false,\r\n',
	);
});

test('text cells starting with = + - @ (or tab / CR) are neutralised against formula injection', () => {
	const csv = toCsv([{a: '=HYPERLINK("http://evil")', b: '+1', c: '-2', d: '@SUM(A1)', e: '\tx', f: 'a=b', g: -5}]);
	const [, row] = parseCsv(csv);
	assert.deepEqual(row, [`'=HYPERLINK("http://evil")`, "'+1", "'-2", "'@SUM(A1)", '␉x', 'a=b', '-5']);
	assert.equal(guardFormula('safe'), 'safe');
});

test('arrays become "; "-joined cells; column specs choose order, headers and formatting', () => {
	const rows = [{id: 1, tags: ['x', 'y'], obj: {k: 'v'}}];
	assert.equal(toCsv(rows), 'id,tags,obj\r\n1,x; y,"{""k"":""v""}"\r\n');
	assert.equal(toCsv(rows, ['tags', {key: 'id', header: 'Id', format: value => `#${String(value)}`}]), 'tags,Id\r\nx; y,#1\r\n');
	assert.deepEqual(columnsOf([{a: 1}, {b: 2, a: 3}]), ['a', 'b']);
	assert.equal(toCsv([]), '');
	assert.equal(toCsv([], ['a', 'b']), 'a,b\r\n');
});

test('any text survives CSV writing and reading back (apart from the sanitiser and the formula guard)', () => {
	fc.assert(
		fc.property(fc.array(fc.record({a: fc.string({unit: 'binary'}), b: fc.string({unit: 'grapheme'}), c: fc.constantFrom('x,y', '"', '\r\n', '=1', '')}), {maxLength: 8}), rows => {
			const records = parseCsv(toCsv(rows, ['a', 'b', 'c']));
			assert.deepEqual(records[0], ['a', 'b', 'c']);
			assert.equal(records.length, rows.length + 1);
			rows.forEach((row, index) => {
				assert.deepEqual(records[index + 1], [guardFormula(sanitizeText(row.a)), guardFormula(sanitizeText(row.b)), guardFormula(sanitizeText(row.c))]);
			});
		}),
		{numRuns: 300},
	);
});

test('JSON is a pretty-printed array with a final newline', () => {
	const text = toJson([{a: 1, b: ['x']}]);
	assert.equal(text, '[\n  {\n    "a": 1,\n    "b": [\n      "x"\n    ]\n  }\n]\n');
	assert.deepEqual(JSON.parse(text), [{a: 1, b: ['x']}]);
});

test('streamed JSON pieces join to exactly JSON.stringify(rows, null, 2), with C1 and bidi characters escaped', () => {
	fc.assert(
		fc.property(fc.array(fc.jsonValue(), {maxLength: 6}), rows => {
			assert.equal(toJson(rows), `${safeJson(rows, 2)}\n`);
		}),
		{numRuns: 200},
	);
	const hostile = [{name: 'Dave \u001b]0;pwned\u0007\u001b[31mRed \u202egnp.exe \u009b31m'}];
	const text = toJson(hostile);
	assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/, 'no raw control character in the JSON text');
	assert.deepEqual(JSON.parse(text), hostile, 'JSON keeps the exact value');
});

test('writeChunks batches pieces, honours back-pressure and rejects when the stream fails', async () => {
	const received: string[] = [];
	let drains = 0;
	const slow = new Writable({
		highWaterMark: 16,
		write(chunk: Buffer, _encoding, done) {
			received.push(chunk.toString('utf8'));
			setImmediate(done);
		},
	});
	slow.on('drain', () => drains++);
	const pieces = Array.from({length: 5000}, (_, i) => `row ${i}\r\n`);
	await writeChunks(pieces, slow);
	assert.equal(received.join(''), pieces.join(''));
	assert.ok(received.length < pieces.length, 'pieces are batched');
	assert.ok(drains > 0, 'waited for drain');

	const broken = new Writable({
		write(_chunk, _encoding, done) {
			done(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
		},
	});
	broken.on('error', () => undefined);
	await assert.rejects(writeChunks(['x'.repeat(70_000), 'y'.repeat(70_000)], broken), {code: 'EPIPE'});
});
