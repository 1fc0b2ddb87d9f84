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

/** How long after the navigation an early answer may still stand in for a request (ms). */
const EARLY_MAX_AGE_MS = 10_000;

/**
 * The answer index.html already asked for (window.__early: GETs a labeling page needs first, its claim
 * and the claimed image), if any, or undefined; each is used once. A null answer (index.html chose not
 * to send that request) or a failed one is asked again here. Why they expire, and all go at the first
 * write index.html did not make: a sign-in, sign-out or any change may change what they say, and a page asking later
 * must see the server's answer of then.
 */
export function takeEarly(method: string, url: string): Promise<Response> | undefined {
  const w = window as unknown as { __early?: Record<string, Promise<Response | null>> };
  const early = w.__early;
  if (!early) return undefined;
  const key = `${method} ${url}`;
  const fresh = performance.now() <= EARLY_MAX_AGE_MS;
  const answer = fresh ? early[key] : undefined;
  delete early[key];
  // (A write that index.html made itself, the claim, keeps the image it started.)
  if (!fresh || (method !== 'GET' && !answer)) delete w.__early;
  if (!answer) return undefined;
  const again = () => fetch(url, { method, credentials: 'same-origin' });
  return answer.then((res) => res ?? again(), again);
}

/**
 * Calls the JSON API with the session cookie; throws {@link HttpError} for non-2xx answers.
 * `onHeaders` sees a 2xx answer's headers as soon as they arrive, before the body is read.
 */
export async function api<T>(method: string, url: string, body?: unknown, onHeaders?: (headers: Headers) => void): Promise<T> {
  const res = await ((body === undefined ? takeEarly(method, url) : undefined) ?? fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
  if (res.ok && onHeaders) onHeaders(res.headers);
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : {};
  if (!res.ok) throw new HttpError(res.status, json as ApiError);
  return json as T;
}

