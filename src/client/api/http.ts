import type { ApiError } from '../../shared/error.schema';

/** An API answer that was not 2xx, with the server's message and field errors. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error);
  }
}

/**
 * Calls the JSON API with the session cookie; throws {@link HttpError} for non-2xx answers.
 * `onHeaders` sees a 2xx answer's headers as soon as they arrive, before the body is read.
 */
export async function api<T>(method: string, url: string, body?: unknown, onHeaders?: (headers: Headers) => void): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.ok && onHeaders) onHeaders(res.headers);
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : {};
  if (!res.ok) throw new HttpError(res.status, json as ApiError);
  return json as T;
}

