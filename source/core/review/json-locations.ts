/**
 * A small JSON parser that remembers where every value starts (line and column, 1-based), so a
 * policy file can be refused with the exact place of the problem — a syntax error or a value
 * that is the wrong kind.
 */
export interface Located {
	line: number;
	column: number;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | {[key: string]: JsonValue};

export interface LocatedValue {
	value: JsonValue;
	at: Located;
	/** For a value inside an object: where its key starts. */
	keyAt?: Located;
	/** For objects: each key's value with its location. */
	fields?: Map<string, LocatedValue>;
	/** For arrays: each item with its location. */
	items?: LocatedValue[];
}

export class JsonLocationError extends Error {
	constructor(
		message: string,
		readonly at: Located,
	) {
		super(message);
	}
}

export function parseLocatedJson(text: string): LocatedValue {
	let index = 0;
	const where = (offset: number): Located => {
		let line = 1;
		let column = 1;
		for (let i = 0; i < offset && i < text.length; i++) {
			if (text[i] === '\n') {
				line++;
				column = 1;
			} else column++;
		}
		return {line, column};
	};
	const fail = (message: string, offset = index): never => {
		throw new JsonLocationError(message, where(offset));
	};
	const skip = () => {
		while (index < text.length && /[ \t\r\n]/.test(text[index]!)) index++;
	};
	const describe = (offset: number) => (offset >= text.length ? 'the end of the file' : `'${text[offset]}'`);
	const parseString = (): string => {
		const start = index;
		index++;
		let result = '';
		while (index < text.length) {
			const char = text[index]!;
			if (char === '"') {
				index++;
				return result;
			}
			if (char === '\\') {
				const next = text[index + 1];
				const simple: Record<string, string> = {'"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'};
				if (next !== undefined && next in simple) {
					result += simple[next];
					index += 2;
				} else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
					result += String.fromCharCode(Number.parseInt(text.slice(index + 2, index + 6), 16));
					index += 6;
				} else fail('bad escape in a string');
				continue;
			}
			if (char < ' ') fail('a string cannot hold a raw control character or line break');
			result += char;
			index++;
		}
		return fail('a string is not closed', start);
	};
	const parseValue = (): LocatedValue => {
		skip();
		const start = index;
		const at = where(start);
		const char = text[index];
		if (char === '{') {
			index++;
			const fields = new Map<string, LocatedValue>();
			const value: {[key: string]: JsonValue} = {};
			skip();
			if (text[index] === '}') {
				index++;
				return {value, at, fields};
			}
			for (;;) {
				skip();
				if (text[index] !== '"') fail(`expected a quoted key, found ${describe(index)}`);
				const keyAt = index;
				const key = parseString();
				if (fields.has(key)) fail(`key "${key}" appears twice`, keyAt);
				skip();
				if (text[index] !== ':') fail(`expected ':' after key "${key}", found ${describe(index)}`);
				index++;
				const item = {...parseValue(), keyAt: where(keyAt)};
				fields.set(key, item);
				value[key] = item.value;
				skip();
				if (text[index] === ',') {
					index++;
					continue;
				}
				if (text[index] === '}') {
					index++;
					return {value, at, fields};
				}
				fail(`expected ',' or '}' after a value, found ${describe(index)}`);
			}
		}
		if (char === '[') {
			index++;
			const items: LocatedValue[] = [];
			skip();
			if (text[index] === ']') {
				index++;
				return {value: [], at, items};
			}
			for (;;) {
				items.push(parseValue());
				skip();
				if (text[index] === ',') {
					index++;
					continue;
				}
				if (text[index] === ']') {
					index++;
					return {value: items.map(item => item.value), at, items};
				}
				fail(`expected ',' or ']' after a value, found ${describe(index)}`);
			}
		}
		if (char === '"') return {value: parseString(), at};
		const literal = /^(true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(index, index + 64));
		if (literal) {
			index += literal[1]!.length;
			const word = literal[1]!;
			return {value: word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word), at};
		}
		return fail(`expected a value, found ${describe(index)}`);
	};
	const result = parseValue();
	skip();
	if (index < text.length) fail(`unexpected ${describe(index)} after the end of the document`);
	return result;
}
