import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../load-config.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kesher-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 's'.repeat(40);

/** The ConfigError a bad environment raises (fails the test if none is thrown). */
const configErrorOf = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
};

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const c = loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET });
    expect(c).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: dir,
      publicUrl: 'http://localhost:3000',
      secureCookies: false,
      sessionSecret: SECRET,
      signup: 'first-run',
      smtpUrl: undefined,
      mailFrom: 'Kesher <no-reply@localhost>',
      logLevel: 'info',
      sessionIdleMs: 12 * 3_600_000,
      sessionAbsoluteMs: 14 * 24 * 3_600_000,
      trustProxy: false,
      jobs: true,
    });
  });

  it('reads every key it knows', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://kesher:pw@db:5432/kesher',
      DATA_DIR: dir,
      PUBLIC_URL: 'https://crm.example.co.il/',
      SESSION_SECRET: SECRET,
      KESHER_SIGNUP: 'closed',
      SMTP_URL: 'smtps://u:p@mail.example.com:465',
      MAIL_FROM: 'CRM <crm@example.co.il>',
      LOG_LEVEL: 'warn',
      SESSION_IDLE_MINUTES: '30',
      SESSION_ABSOLUTE_HOURS: '8',
      TRUST_PROXY: 'true',
      JOBS: 'off',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://kesher:pw@db:5432/kesher',
      publicUrl: 'https://crm.example.co.il',
      signup: 'closed',
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      logLevel: 'warn',
      sessionIdleMs: 30 * 60_000,
      sessionAbsoluteMs: 8 * 3_600_000,
      trustProxy: true,
      jobs: false,
    });
  });

  it('an https PUBLIC_URL makes cookies Secure', () => {
    expect(
      loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET, PUBLIC_URL: 'https://crm.example.co.il' })
        .secureCookies,
    ).toBe(true);
    expect(
      loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET, PUBLIC_URL: 'http://10.0.0.5:3000' }).secureCookies,
    ).toBe(false);
  });

  it('treats empty optional URLs as unset', () => {
    const c = loadConfig({
      DATA_DIR: dir,
      SESSION_SECRET: SECRET,
      DATABASE_URL: '',
      SMTP_URL: ' ',
      PUBLIC_URL: '',
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.smtpUrl).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:3000');
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/kesher' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['KESHER_SIGNUP', { KESHER_SIGNUP: 'sometimes' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://example.com' }],
    ['SESSION_SECRET', { SESSION_SECRET: 'short' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail.example.com' }],
    ['SESSION_IDLE_MINUTES', { SESSION_IDLE_MINUTES: '1' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
  ])('a bad %s raises a ConfigError naming it', (key, env) => {
    const err = configErrorOf(env);
    expect(err.message).toContain(key);
    expect(err.issues.some((i) => i.startsWith(`${key}:`))).toBe(true);
  });

  it('names every bad key at once', () => {
    const err = configErrorOf({ PORT: 'abc', KESHER_SIGNUP: 'maybe', DATABASE_URL: 'mysql://x' });
    expect(err.issues.map((i) => i.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'KESHER_SIGNUP', 'PORT']);
  });

  it('generates SESSION_SECRET once into DATA_DIR/secret.key (0600) and reuses it', () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = path.join(dataDir, 'secret.key');
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.sessionSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    // An explicit SESSION_SECRET wins and leaves the file alone.
    expect(loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: SECRET }).sessionSecret).toBe(SECRET);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.sessionSecret);
  });

  it('replaces a truncated secret file rather than using a weak secret', () => {
    writeFileSync(path.join(dir, 'secret.key'), 'tooshort\n');
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(c.sessionSecret).not.toBe('tooshort');
  });

  it('main.ts exits with code 1 and names the bad key', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: REPO,
      env: { PATH: process.env.PATH, PORT: 'abc', DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toContain('PORT');
    expect(res.stderr).toContain('Invalid configuration');
  });
});
