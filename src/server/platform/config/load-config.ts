import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ZConfigEnv } from './config.schema.js';

export type AppConfig = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  secureCookies: boolean;
  sessionSecret: string;
  signup: 'first-run' | 'open' | 'closed';
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  trustProxy: boolean;
  jobs: boolean;
};

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/** Parses the environment once. Throws ConfigError naming every bad key. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): AppConfig => {
  const parsed = ZConfigEnv.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir,
    publicUrl,
    secureCookies: publicUrl.startsWith('https:'),
    sessionSecret: c.SESSION_SECRET ?? readOrCreateSecret(dataDir),
    signup: c.KESHER_SIGNUP,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    logLevel: c.LOG_LEVEL,
    sessionIdleMs: c.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: c.SESSION_ABSOLUTE_HOURS * 3_600_000,
    trustProxy: c.TRUST_PROXY,
    jobs: c.JOBS === 'on',
  };
};

// A generated secret must survive restarts (or every session and encrypted value dies with it),
// so it lives beside the data, readable by the owner only.
const readOrCreateSecret = (dataDir: string): string => {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
};

export const configDocsRows = (): Array<{ key: string; default: string; description: string }> =>
  Object.entries(ZConfigEnv.shape).map(([key, schema]) => {
    const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
      default?: unknown;
    };
    return {
      key,
      default: json.default === undefined ? '—' : String(json.default),
      description: (schema as z.ZodType).description ?? '',
    };
  });
