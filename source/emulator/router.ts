/**
 * Route table plumbing: templates like "/2.0/workspaces/{workspace}/members" are matched segment
 * by segment (percent-decoded, so "%7B…%7D" uuids work); the template is what stats report.
 */
import {ApiError} from './api-error.js';
import type {EmulatorState, UserRecord} from './state.js';

export interface RequestContext {
	state: EmulatorState;
	caller: UserRecord;
	scopes: ReadonlySet<string>;
	params: Record<string, string>;
	query: URLSearchParams;
	url: URL;
	/** API origin as the client addressed it, e.g. "http://127.0.0.1:43123". */
	base: string;
	/** Parsed JSON body (PUT), or undefined. */
	body: unknown;
}

export interface Reply {
	status: number;
	body?: unknown;
}

export interface RouteDefinition {
	method: 'GET' | 'PUT' | 'DELETE' | 'POST';
	template: string;
	/** Every scope listed is required (403 naming them otherwise). */
	scopes: string[];
	handle(ctx: RequestContext): Reply;
}

interface CompiledRoute extends RouteDefinition {
	segments: string[];
}

export interface RouteMatch {
	route: CompiledRoute;
	params: Record<string, string>;
}

export function splitPath(pathname: string): string[] | undefined {
	const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
	try {
		return parts.map(part => decodeURIComponent(part));
	} catch {
		return undefined;
	}
}

export class Router {
	private readonly routes: CompiledRoute[];

	constructor(definitions: RouteDefinition[]) {
		this.routes = definitions.map(definition => ({...definition, segments: definition.template.split('/').slice(1)}));
	}

	/** The matching route; a path known under other methods is a 405; unknown paths are undefined. */
	match(method: string, segments: string[]): RouteMatch | undefined {
		let pathKnown = false;
		for (const route of this.routes) {
			const params = matchSegments(route.segments, segments);
			if (!params) continue;
			if (route.method === method) return {route, params};
			pathKnown = true;
		}
		if (pathKnown) throw new ApiError(405, `Method ${method} is not allowed on this resource`);
		return undefined;
	}

	/** The template that matches the path under any method (for stats of refused requests). */
	templateOf(segments: string[]): string | undefined {
		return this.routes.find(route => matchSegments(route.segments, segments))?.template;
	}
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
	if (template.length !== actual.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < template.length; i++) {
		const t = template[i]!;
		const a = actual[i]!;
		if (t.startsWith('{')) {
			if (a === '') return undefined;
			params[t.slice(1, -1)] = a;
		} else if (t !== a) {
			return undefined;
		}
	}
	return params;
}
