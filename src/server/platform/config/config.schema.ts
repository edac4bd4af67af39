import { z } from 'zod';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => {
        if (v === undefined) return true;
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${protocols.join(' or ')}` },
    );

/**
 * Every setting Kesher reads from the environment. The README's config table is generated from
 * this schema (`npm run docs:config`), so each key carries its description and default.
 */
export const ZConfigEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('HTTP port to listen on.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface to bind (use 127.0.0.1 to stay local).'),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']).describe(
    'PostgreSQL connection string. Unset → embedded PGlite in DATA_DIR.',
  ),
  DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe('Where Kesher keeps the embedded database, the generated session secret and files.'),
  PUBLIC_URL: optionalUrl(['http:', 'https:']).describe(
    'The address users open, e.g. https://crm.example.co.il. Used in emailed links; https makes cookies Secure. Default http://localhost:PORT.',
  ),
  SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe(
      'Key for hashing session tokens and encrypting secrets. Unset → generated once and kept in DATA_DIR/secret.key.',
    ),
  KESHER_SIGNUP: z
    .enum(['first-run', 'open', 'closed'])
    .default('first-run')
    .describe(
      'Who may create an organization: only the first (first-run), anyone (open), or nobody (closed).',
    ),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:']).describe(
    'Outgoing mail server, e.g. smtps://user:pass@mail.example.com:465. Unset → emails stay in the dev outbox (Settings → Outbox).',
  ),
  MAIL_FROM: z
    .string()
    .default('Kesher <no-reply@localhost>')
    .describe('From address of emails Kesher sends.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log verbosity (pino levels).'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .default(60 * 12)
    .describe('A session unused for this long ends.'),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 14)
    .describe('A session ends this long after sign-in, however active.'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Set to true behind a reverse proxy so client IPs come from X-Forwarded-For.'),
  JOBS: z
    .enum(['on', 'off'])
    .default('on')
    .describe('Run background jobs (mail delivery, maintenance) in this process.'),
});

export type TConfigEnv = z.infer<typeof ZConfigEnv>;
