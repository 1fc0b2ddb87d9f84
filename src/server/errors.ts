import type { z } from 'zod';
import { fieldsFromIssues } from '../shared/error.schema';

/** A failure the caller can act on; mapped to an HTTP status in one place (app.ts). */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export class BadRequest extends DomainError {
  constructor(message: string, fields?: Record<string, string>) {
    super(400, message, fields);
  }
}
export class Unauthorized extends DomainError {
  constructor(message = 'Sign in first') {
    super(401, message);
  }
}
export class Forbidden extends DomainError {
  constructor(message = 'You do not have access to this') {
    super(403, message);
  }
}
export class NotFound extends DomainError {
  constructor(what: string) {
    super(404, `${what} not found`);
  }
}
export class Conflict extends DomainError {
  constructor(message: string) {
    super(409, message);
  }
}
export class PayloadTooLarge extends DomainError {
  constructor(message: string) {
    super(413, message, { body: message });
  }
}
export class TooManyRequests extends DomainError {
  constructor(message: string) {
    super(429, message);
  }
}

/**
 * Parses untrusted input with a shared zod schema; on failure throws a 400 naming every bad field.
 * `what` names the part of the request ("body", "params", "query") in the message.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value ?? (what === 'body' ? undefined : {}));
  if (!result.success) {
    const fields = fieldsFromIssues(result.error.issues);
    throw new BadRequest(`Invalid ${what}: ${Object.keys(fields).join(', ')}`, fields);
  }
  return result.data;
}
