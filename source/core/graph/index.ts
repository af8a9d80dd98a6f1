export {AccessGraph} from './access-graph.js';
export {normalizeSearchText, type SearchHit, type SearchKind, type SearchOptions} from './search.js';
export {compareEntries, compareSources, compareUsers} from './sources.js';
