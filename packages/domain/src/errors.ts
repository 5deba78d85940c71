// Errors the platform's rules and services raise: a kind (what went wrong, in terms of the domain), a stable code and
// a Chinese message that tells the person what to do. No HTTP here: the server's one error handler maps each kind to
// a status (http/errors.ts).
import type { FieldError } from './form.ts';

export type ErrorKind =
  | 'invalid' // the input cannot be accepted as it is (400)
  | 'unauthenticated' // nobody is signed in, or the sign-in step is missing (401)
  | 'forbidden' // the viewer may not do this (403)
  | 'not_found' // no such thing, or not visible to this viewer (404)
  | 'conflict' // the thing's state does not allow it now (409)
  | 'gone' // it existed and was removed on purpose (410)
  | 'too_large' // over a size limit (413)
  | 'locked' // refused for a while after too many attempts (423)
  | 'rate_limited'; // too many requests for now (429)

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = '案例') => new DomainError('not_found', 'NOT_FOUND', `${what}不存在或您无权访问`);
export const forbidden = (message = '您的账号无权进行此操作') => new DomainError('forbidden', 'FORBIDDEN', message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const badRequest = (message: string, fields?: FieldError[]) => new DomainError('invalid', 'BAD_REQUEST', message, fields);
export const invalid = (code: string, message: string, fields?: FieldError[]) => new DomainError('invalid', code, message, fields);
export const unauthenticated = (code: string, message: string) => new DomainError('unauthenticated', code, message);
export const gone = (code: string, message: string) => new DomainError('gone', code, message);
export const locked = (code: string, message: string) => new DomainError('locked', code, message);
export const rateLimited = (code: string, message: string) => new DomainError('rate_limited', code, message);
