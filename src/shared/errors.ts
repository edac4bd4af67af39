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
  /** A signed link (e.g. a satisfaction survey) was genuine but has expired. */
  LINK_EXPIRED: 410,
  SLUG_TAKEN: 409,
  EMAIL_TAKEN: 409,
  /** The last active owner cannot be demoted or deactivated. */
  LAST_OWNER: 409,
  /** Record changed since the client read it (If-Match). */
  VERSION_CONFLICT: 409,
  /** The lead was converted already; its account and contact exist. */
  LEAD_ALREADY_CONVERTED: 409,
  /** A pipeline stage still holds deals: say where they go (`moveTo`) before deleting it. */
  STAGE_NOT_EMPTY: 409,
  /** A business calendar is the default or an SLA policy uses it: change that before deleting it. */
  CALENDAR_IN_USE: 409,
  /** A write must say which version it read (If-Match header or `version`). */
  PRECONDITION_REQUIRED: 428,
  PAYLOAD_TOO_LARGE: 413,
  /** An import upload is not a readable CSV or .xlsx spreadsheet (or is damaged). Nothing is stored. */
  IMPORT_UNREADABLE: 400,
  /** An import upload has no header row or no data rows. */
  IMPORT_EMPTY: 400,
  /** An import upload has more rows than one import takes (50,000). */
  IMPORT_TOO_MANY_ROWS: 400,
  /** The import is not in a state that allows this step (e.g. commit of one already running or done). */
  IMPORT_STATE_CONFLICT: 409,
  /** A connector already has a sync run in progress; one run at a time. */
  CONNECTOR_RUN_IN_PROGRESS: 409,
  /** The connector's source (Priority, a URL) refused or garbled the request; the message says how. */
  CONNECTOR_SOURCE_FAILED: 422,
  /** The ticket cannot move from its status to the one asked; `allowed` lists where it can go. */
  INVALID_STATUS_TRANSITION: 409,
  /** Newer public messages arrived since the agent's view; `newMessages` has them. Send with `force`. */
  STALE_VIEW: 409,
  /** The ticket is closed (or merged into another): it takes no new messages or merges. */
  TICKET_CLOSED: 409,
  /** A rating is for a solved or closed ticket; this one is still being worked on. */
  TICKET_NOT_SOLVED: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** An uploaded file's content is not one of the allowed types (checked by its bytes, not its name). */
  FILE_TYPE_NOT_ALLOWED: 415,
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
    /** INVALID_STATUS_TRANSITION: the statuses the ticket may move to. */
    allowed: z.array(z.string()).optional(),
    /** STALE_VIEW: the public messages written since the view the reply was based on. */
    newMessages: z.array(z.unknown()).optional(),
  })
  .meta({ id: 'Problem' });
export type TProblem = z.infer<typeof ZProblem>;
