/** An error answer of the emulated API, rendered as Bitbucket's envelope {"type":"error","error":{…}}. */
export class ApiError extends Error {
	override readonly name = 'ApiError';
	constructor(
		readonly status: number,
		message: string,
		readonly detail?: string | Record<string, unknown>,
		readonly headers: Record<string, string> = {},
		readonly data?: Record<string, unknown>,
	) {
		super(message);
	}

	body(): Record<string, unknown> {
		const error: Record<string, unknown> = {message: this.message};
		if (this.detail !== undefined) error.detail = this.detail;
		if (this.data !== undefined) error.data = this.data;
		const body: Record<string, unknown> = {type: 'error', error};
		if (this.data !== undefined) body.data = this.data;
		return body;
	}
}

export function notFound(message: string): ApiError {
	return new ApiError(404, message);
}

export function badRequest(message: string, detail?: string): ApiError {
	return new ApiError(400, message, detail);
}

export function forbidden(message: string, detail?: string): ApiError {
	return new ApiError(403, message, detail);
}
