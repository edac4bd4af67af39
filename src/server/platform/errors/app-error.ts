import { ERROR_STATUS, type ErrorCode, type TFieldError } from '../../../shared/errors.js';

/** Members a problem body may carry besides the standard ones (see ZProblem). */
export type ProblemExtra = { current?: unknown; allowed?: string[]; newMessages?: unknown[] };

export type AppErrorOptions = {
  /** For logs and developers. Never shown for 5xx. */
  message?: string;
  /** Safe to show to the person who made the request. */
  userMessage?: string;
  fields?: TFieldError[];
  retryAfterSeconds?: number;
  /** Extra problem members, e.g. `current` for VERSION_CONFLICT, `allowed` for INVALID_STATUS_TRANSITION. */
  extra?: ProblemExtra;
  cause?: unknown;
};

/** The one error type domain code throws; the HTTP layer turns it into problem+json. */
export class AppError extends Error {
  readonly status: number;
  readonly userMessage: string | undefined;
  readonly fields: TFieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extra: ProblemExtra | undefined;

  constructor(
    readonly code: ErrorCode,
    opts: AppErrorOptions = {},
  ) {
    super(opts.message ?? opts.userMessage ?? code, { cause: opts.cause });
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
    this.userMessage = opts.userMessage;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.extra = opts.extra;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Field-level validation failure raised by domain code (after zod has accepted the shape). */
export const validationError = (fields: TFieldError[], userMessage = 'Some fields are invalid.') =>
  new AppError('VALIDATION_FAILED', { userMessage, fields });
