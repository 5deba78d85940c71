// The one error handler: domain errors (a kind, a stable code, a Chinese message) become {code, message, fields?} with
// the kind's status; schema failures become 400s naming the field; anything else is logged and a 500.
import type { FastifyInstance } from 'fastify';
import { TransitionError } from '@anli/domain/lifecycle.ts';
import type { FieldError } from '@anli/domain/form.ts';
import { DomainError, type ErrorKind } from '@anli/domain/errors.ts';
import { validationBody } from './zod.ts';

/** The HTTP status of each kind of domain error. */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  locked: 423,
  rate_limited: 429,
};
const KIND_OF_STATUS = new Map(Object.entries(STATUS_OF_KIND).map(([k, v]) => [v, k as ErrorKind]));

/** An error raised at the HTTP edge with an explicit status (range requests, uploads); services raise DomainError. */
export class AppError extends DomainError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    fields?: FieldError[],
  ) {
    super(KIND_OF_STATUS.get(status) ?? 'invalid', code, message, fields);
  }
}

// The domain's error factories, for the edge's convenience (services import them from @anli/domain/errors.ts).
export { notFound, forbidden, conflict, badRequest } from '@anli/domain/errors.ts';

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: any, req, reply) => {
    if (err instanceof DomainError) {
      const status = err instanceof AppError ? err.status : STATUS_OF_KIND[err.kind];
      return reply.status(status).send({ code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) });
    }
    if (err instanceof TransitionError) {
      return reply.status(err.code === 'ROLE_NOT_ALLOWED' ? 403 : err.code === 'REASON_REQUIRED' ? 400 : 409).send({ code: err.code, message: err.message });
    }
    if (err.validation) return reply.status(400).send(validationBody(err));
    if (err.statusCode === 413) return reply.status(413).send({ code: 'BODY_TOO_LARGE', message: '请求内容过大，已被拒绝；请减少提交的内容后重试' });
    if (err.statusCode === 415) return reply.status(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求内容的格式不受支持，请以 JSON 提交' });
    if (err.statusCode === 429) return reply.status(429).send({ code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' });
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ code: err.code ?? 'BAD_REQUEST', message: '请求无法处理，请检查后重试' });
    }
    req.log.error(err);
    return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试；如持续出现请联系组委会' });
  });
}
