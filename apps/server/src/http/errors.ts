// Typed application errors with stable codes; one handler maps them to {code, message} and a status.
import type { FastifyInstance } from 'fastify';
import { TransitionError } from '@anli/domain/lifecycle.ts';
import type { FieldError } from '@anli/domain/form.ts';
import { validationBody } from './zod.ts';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export const notFound = (what = '案例') => new AppError(404, 'NOT_FOUND', `${what}不存在或您无权访问`);
export const forbidden = (message = '您的账号无权进行此操作') => new AppError(403, 'FORBIDDEN', message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const badRequest = (message: string, fields?: FieldError[]) => new AppError(400, 'BAD_REQUEST', message, fields);

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: any, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) });
    }
    if (err instanceof TransitionError) {
      return reply.status(err.code === 'ROLE_NOT_ALLOWED' ? 403 : err.code === 'REASON_REQUIRED' ? 400 : 409).send({ code: err.code, message: err.message });
    }
    if (err.validation) return reply.status(400).send(validationBody(err));
    if (err.statusCode === 429) return reply.status(429).send({ code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' });
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ code: err.code ?? 'BAD_REQUEST', message: '请求无法处理，请检查后重试' });
    }
    req.log.error(err);
    return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试；如持续出现请联系组委会' });
  });
}
