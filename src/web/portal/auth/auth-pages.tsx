import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { PASSWORD_MIN } from '../../../shared/auth.schemas';
import { hasCode } from '../../ui/api-client';
import { portalApi, portalKeys } from '../api';
import { useDocumentTitle } from '../shell/branding';
import { errorText, fieldErrorsOf } from '../shell/errors';
import { Notice } from '../shell/page-state';
import { safeNext } from '../shell/session';

// The policy's minimum, without pulling zod into the bundle (the type ties it to the schema).
const MIN_PASSWORD: typeof PASSWORD_MIN = 10;

export const useWorkspace = (): string => useParams().workspace ?? '';

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <section className="card auth-card" aria-labelledby="auth-title">
      <h1 id="auth-title">{title}</h1>
      {children}
    </section>
  );
}

/**
 * Fetches /me for the new session now, so <RequireSession> starts from it and not from the 401 a
 * session that ended left in the cache (that would bounce straight back to sign-in).
 */
const loadSession = (queryClient: QueryClient) =>
  queryClient.fetchQuery({ queryKey: portalKeys.me, queryFn: portalApi.me, staleTime: 0 });

const base = (workspace: string) => `/portal/${encodeURIComponent(workspace)}`;

export function LoginPage() {
  const { t } = useTranslation('portal');
  const workspace = useWorkspace();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);

  const login = useMutation({
    mutationFn: () =>
      portalApi.login({ workspace, email, password, ...(needsTotp ? { totpCode: totpCode.trim() } : {}) }),
    onSuccess: async () => {
      await loadSession(queryClient);
      navigate(safeNext(workspace, params.get('next')), { replace: true });
    },
    onError: (error) => {
      // The password was right and the account has two-factor sign-in: ask for the code.
      if (hasCode(error, 'MFA_REQUIRED')) setNeedsTotp(true);
    },
  });
  const mfaAsked = hasCode(login.error, 'MFA_REQUIRED');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };

  const notice = params.get('expired')
    ? t('auth.login.expired')
    : params.get('signedOut')
      ? t('auth.login.signedOut')
      : params.get('reset')
        ? t('auth.login.reset')
        : null;

  return (
    <AuthCard title={t('auth.login.title')}>
      {notice && <Notice>{notice}</Notice>}
      {login.isError && !mfaAsked && (
        <Notice tone="error">
          {needsTotp && hasCode(login.error, 'INVALID_CREDENTIALS')
            ? t('auth.errors.TOTP_INVALID')
            : errorText(t, login.error)}
        </Notice>
      )}
      <form onSubmit={submit} noValidate={false}>
        <Field label={t('auth.email')}>
          {(p) => (
            <input
              {...p}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              dir="ltr"
            />
          )}
        </Field>
        <Field label={t('auth.password')}>
          {(p) => (
            <input
              {...p}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              dir="ltr"
            />
          )}
        </Field>
        {needsTotp && (
          <Field label={t('auth.login.totp')} hint={t('auth.login.totpHint')}>
            {(p) => (
              <input
                {...p}
                // biome-ignore lint/a11y/noAutofocus: the field the customer was just asked for
                autoFocus
                autoComplete="one-time-code"
                required
                value={totpCode}
                onChange={(e) => setTotpCode(e.target.value)}
                dir="ltr"
              />
            )}
          </Field>
        )}
        <button type="submit" className="button button--primary" disabled={login.isPending}>
          {t('auth.login.submit')}
        </button>
      </form>
      <p className="auth-links">
        <Link to={`${base(workspace)}/forgot-password`}>{t('auth.login.forgot')}</Link>
        <Link to={`/kb/${encodeURIComponent(workspace)}`}>{t('auth.login.publicKb')}</Link>
      </p>
    </AuthCard>
  );
}

/** New password twice, with the policy's minimum, for invite and reset. */
function NewPasswordForm({
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (password: string) => void;
}) {
  const { t } = useTranslation('portal');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const serverErrors = fieldErrorsOf(error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    onSubmit(password);
  };
  return (
    <form onSubmit={submit}>
      <Field label={t('auth.newPassword')} hint={t('auth.passwordHint')} error={serverErrors.password}>
        {(p) => (
          <input
            {...p}
            type="password"
            name="new-password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            dir="ltr"
          />
        )}
      </Field>
      <Field label={t('auth.confirmPassword')} error={mismatch ? t('auth.passwordsDiffer') : undefined}>
        {(p) => (
          <input
            {...p}
            type="password"
            name="confirm-password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            dir="ltr"
          />
        )}
      </Field>
      <button type="submit" className="button button--primary" disabled={pending}>
        {submitLabel}
      </button>
    </form>
  );
}

export function AcceptInvitePage() {
  const { t } = useTranslation('portal');
  const workspace = useWorkspace();
  const token = useSearchParams()[0].get('token') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: (password: string) => portalApi.acceptInvite({ token, password }),
    onSuccess: async () => {
      // Accepting signs the customer in (the server sets the session cookie).
      await loadSession(queryClient);
      navigate(`${base(workspace)}/tickets`, { replace: true });
    },
  });
  return (
    <AuthCard title={t('auth.invite.title')}>
      {!token ? (
        <Notice tone="error">{t('auth.invite.missingToken')}</Notice>
      ) : (
        <>
          <p>{t('auth.invite.intro')}</p>
          {accept.isError && <Notice tone="error">{errorText(t, accept.error)}</Notice>}
          <NewPasswordForm
            submitLabel={t('auth.invite.submit')}
            pending={accept.isPending}
            error={accept.error}
            onSubmit={(password) => accept.mutate(password)}
          />
        </>
      )}
    </AuthCard>
  );
}

export function ForgotPasswordPage() {
  const { t } = useTranslation('portal');
  const workspace = useWorkspace();
  const [email, setEmail] = useState('');
  const forgot = useMutation({ mutationFn: () => portalApi.forgotPassword({ workspace, email }) });
  return (
    <AuthCard title={t('auth.forgot.title')}>
      {forgot.isSuccess ? (
        <Notice>{t('auth.forgot.sent')}</Notice>
      ) : (
        <>
          <p>{t('auth.forgot.intro')}</p>
          {forgot.isError && <Notice tone="error">{errorText(t, forgot.error)}</Notice>}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              forgot.mutate();
            }}
          >
            <Field label={t('auth.email')}>
              {(p) => (
                <input
                  {...p}
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  dir="ltr"
                />
              )}
            </Field>
            <button type="submit" className="button button--primary" disabled={forgot.isPending}>
              {t('auth.forgot.submit')}
            </button>
          </form>
        </>
      )}
      <p className="auth-links">
        <Link to={`${base(workspace)}/login`}>{t('auth.forgot.back')}</Link>
      </p>
    </AuthCard>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation('portal');
  const workspace = useWorkspace();
  const token = useSearchParams()[0].get('token') ?? '';
  const navigate = useNavigate();
  const reset = useMutation({
    mutationFn: (password: string) => portalApi.resetPassword({ token, password }),
    onSuccess: () => navigate(`${base(workspace)}/login?reset=1`, { replace: true }),
  });
  return (
    <AuthCard title={t('auth.reset.title')}>
      {!token ? (
        <Notice tone="error">
          {t('auth.reset.missingToken')}{' '}
          <Link to={`${base(workspace)}/forgot-password`}>{t('auth.login.forgot')}</Link>
        </Notice>
      ) : (
        <>
          {reset.isError && <Notice tone="error">{errorText(t, reset.error)}</Notice>}
          <NewPasswordForm
            submitLabel={t('auth.reset.submit')}
            pending={reset.isPending}
            error={reset.error}
            onSubmit={(password) => reset.mutate(password)}
          />
        </>
      )}
    </AuthCard>
  );
}
