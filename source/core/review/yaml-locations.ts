/**
 * YAML policy files, through the `yaml` package (eemeli/yaml: no dependencies of its own, YAML 1.2
 * core schema), turned into the same located tree as parseLocatedJson — every value with its line
 * and column — so a YAML policy is checked, and refused, exactly like a JSON one.
 */
import {isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node} from 'yaml';
import {JsonLocationError, type JsonValue, type Located, type LocatedValue} from './json-locations.js';

export function parseLocatedYaml(text: string): LocatedValue {
	const lines = new LineCounter();
	const document = parseDocument(text, {lineCounter: lines, prettyErrors: false, uniqueKeys: true, schema: 'core'});
	const where = (offset: number | undefined): Located => {
		const {line, col} = lines.linePos(offset ?? 0);
		return {line, column: col};
	};
	const error = document.errors[0];
	if (error) throw new JsonLocationError(error.code === 'DUPLICATE_KEY' ? 'a key appears twice' : error.message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, ''), where(error.pos[0]));
	const convert = (node: unknown, fallback: number): LocatedValue => {
		if (node === null || node === undefined) return {value: null, at: where(fallback)};
		const at = where((node as Node).range?.[0] ?? fallback);
		if (isAlias(node)) throw new JsonLocationError('aliases (*name) are not allowed in a policy file', at);
		if (isMap(node)) {
			const fields = new Map<string, LocatedValue>();
			const value: Record<string, JsonValue> = {};
			for (const pair of node.items) {
				const keyNode = pair.key as Node | null;
				const keyAt = where(keyNode?.range?.[0] ?? fallback);
				if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) throw new JsonLocationError('a key must be a plain name', keyAt);
				const key = String(keyNode.value);
				const item = {...convert(pair.value, keyNode.range?.[1] ?? fallback), keyAt};
				fields.set(key, item);
				value[key] = item.value;
			}
			return {value, at, fields};
		}
		if (isSeq(node)) {
			const items = node.items.map(item => convert(item, (node as Node).range?.[0] ?? fallback));
			return {value: items.map(item => item.value), at, items};
		}
		if (isScalar(node)) {
			const scalar = node.value;
			if (scalar === null || typeof scalar === 'string' || typeof scalar === 'number' || typeof scalar === 'boolean') return {value: scalar, at};
			throw new JsonLocationError('only text, numbers, true/false, lists and maps are allowed', at);
		}
		throw new JsonLocationError('unexpected YAML value', at);
	};
	return convert(document.contents, 0);
}
