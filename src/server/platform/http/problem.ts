import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_STATUS, type ErrorCode, type TFieldError, type TProblem } from '../../../shared/errors.js';
import { AppError, type ProblemExtra } from '../errors/app-error.js';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export const problemBody = (
  code: ErrorCode,
  opts: {
    detail?: string | undefined;
    errors?: TFieldError[] | undefined;
    instance?: string;
    retryAfterSeconds?: number | undefined;
    extra?: ProblemExtra | undefined;
  },
): TProblem => {
  const status = ERROR_STATUS[code];
  return {
    type: `urn:kesher:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(opts.detail ? { detail: opts.detail } : {}),
    ...(opts.instance ? { instance: opts.instance } : {}),
    ...(opts.errors ? { errors: opts.errors } : {}),
    ...(opts.retryAfterSeconds !== undefined ? { retryAfterSeconds: opts.retryAfterSeconds } : {}),
    ...(opts.extra ?? {}),
  };
};

export const sendProblem = (reply: FastifyReply, body: TProblem) => {
  if (body.retryAfterSeconds !== undefined) reply.header('retry-after', String(body.retryAfterSeconds));
  return reply.status(body.status).type('application/problem+json').serializer(JSON.stringify).send(body);
};

const fastifyCodeToProblem = (err: FastifyError): ErrorCode | undefined => {
  const status = err.statusCode ?? 500;
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return undefined;
};

/** Every error leaves as RFC 9457 problem+json; a 5xx never shows internal text. */
export const registerProblemHandler = (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const instance = req.url.split('?')[0];
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)]
          .filter((p) => p && p !== 'body')
          .join('.'),
        message: v.message ?? 'Invalid value',
      }));
      return sendProblem(
        reply,
        problemBody('VALIDATION_FAILED', {
          detail: 'Some fields are invalid.',
          errors,
          ...(instance ? { instance } : {}),
        }),
      );
    }
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'app error');
      return sendProblem(
        reply,
        problemBody(err.code, {
          detail: err.status >= 500 ? undefined : (err.userMessage ?? err.message),
          errors: err.fields,
          retryAfterSeconds: err.retryAfterSeconds,
          extra: err.status >= 500 ? undefined : err.extra,
          ...(instance ? { instance } : {}),
        }),
      );
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return sendProblem(reply, problemBody('INTERNAL', { ...(instance ? { instance } : {}) }));
    }
    const code = fastifyCodeToProblem(err);
    if (code) {
      return sendProblem(
        reply,
        problemBody(code, { detail: err.message, ...(instance ? { instance } : {}) }),
      );
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, problemBody('INTERNAL', { ...(instance ? { instance } : {}) }));
  });
};
