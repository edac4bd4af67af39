import { z } from 'zod';

/**
 * Stable error codes. Clients branch on `code`, never on text. Each maps to one HTTP status in
 * ERROR_STATUS; add a code here before throwing it.
 */
export const ERROR_STATUS = {
  /** Request body, query or params failed validation; `errors` names each field. */
  VALIDATION_FAILED: 400,
  /** Malformed request (e.g. invalid JSON). */
  BAD_REQUEST: 400,
  /** Password does not meet the policy. */
  WEAK_PASSWORD: 400,
  /** Not signed in, or the session ended. */
  UNAUTHENTICATED: 401,
  /** Workspace, email or password wrong (deliberately one error for all three). */
  INVALID_CREDENTIALS: 401,
  /** Password was right; a TOTP or recovery code is needed too. */
  MFA_REQUIRED: 401,
  /** Signed in, but the role lacks the permission. */
  FORBIDDEN: 403,
  /** Unsafe request from another site (CSRF defence). */
  CROSS_SITE_REQUEST: 403,
  /** Creating an organization is not allowed by KESHER_SIGNUP. */
  SIGNUP_CLOSED: 403,
  /** Generic not found, also for other tenants' ids. */
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  /** Invitation or reset token unknown, used or expired. */
  TOKEN_INVALID: 404,
  SLUG_TAKEN: 409,
  EMAIL_TAKEN: 409,
  /** The last active owner cannot be demoted or deactivated. */
  LAST_OWNER: 409,
  /** Record changed since the client read it (If-Match). */
  VERSION_CONFLICT: 409,
  /** A write must say which version it read (If-Match header or `version`). */
  PRECONDITION_REQUIRED: 428,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ZFieldError = z.object({ path: z.string(), message: z.string() });
export type TFieldError = z.infer<typeof ZFieldError>;

/** RFC 9457 problem details, with Kesher's stable `code` and optional field errors. */
export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(ZFieldError).optional(),
    retryAfterSeconds: z.number().int().optional(),
    /** VERSION_CONFLICT: the record as it is now, so the client can show what changed. */
    current: z.unknown().optional(),
  })
  .meta({ id: 'Problem' });
export type TProblem = z.infer<typeof ZProblem>;
