import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi, portalKeys } from '../api';
import { Field } from '../auth/auth-pages';
import { useDocumentTitle } from '../shell/branding';
import { errorText } from '../shell/errors';
import { Notice } from '../shell/page-state';
import { useSession } from '../shell/session';

/** Turning on TOTP: scan the secret, prove it with one code, then see the recovery codes once. */
function EnableTotp({ onDone }: { onDone: (codes: string[]) => void }) {
  const { t } = useTranslation('portal');
  const [code, setCode] = useState('');
  const setup = useMutation({ mutationFn: portalApi.totpSetup });
  const enable = useMutation({
    mutationFn: () => portalApi.totpEnable(code.replace(/\s/g, '')),
    onSuccess: (r) => onDone(r.recoveryCodes),
  });

  if (!setup.data) {
    return (
      <>
        {setup.isError && <Notice tone="error">{errorText(t, setup.error)}</Notice>}
        <button
          type="button"
          className="button button--primary"
          disabled={setup.isPending}
          onClick={() => setup.mutate()}
        >
          {t('account.totp.start')}
        </button>
      </>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    enable.mutate();
  };
  return (
    <form onSubmit={submit}>
      <p>{t('account.totp.scan')}</p>
      {/* a PNG data URL the server drew from the otpauth URL */}
      <img src={setup.data.qrDataUrl} alt={t('account.totp.qrAlt')} width={200} height={200} className="qr" />
      <p>
        {t('account.totp.secret')}:{' '}
        <code dir="ltr" data-totp-secret>
          {setup.data.secret}
        </code>
      </p>
      {enable.isError && <Notice tone="error">{errorText(t, enable.error)}</Notice>}
      <Field label={t('account.totp.code')}>
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            pattern="[0-9 ]{6,7}"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            dir="ltr"
          />
        )}
      </Field>
      <button type="submit" className="button button--primary" disabled={enable.isPending}>
        {t('account.totp.enable')}
      </button>
    </form>
  );
}

function DisableTotp({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('portal');
  const [password, setPassword] = useState('');
  const disable = useMutation({ mutationFn: () => portalApi.totpDisable(password), onSuccess: onDone });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        disable.mutate();
      }}
    >
      {disable.isError && <Notice tone="error">{errorText(t, disable.error)}</Notice>}
      <Field label={t('account.totp.disableConfirm')}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            dir="ltr"
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={disable.isPending}>
        {t('account.totp.disable')}
      </button>
    </form>
  );
}

export function AccountPage() {
  const { t } = useTranslation('portal');
  const me = useSession();
  const queryClient = useQueryClient();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [turnedOff, setTurnedOff] = useState(false);
  useDocumentTitle(t('account.title'));
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: portalKeys.me });

  return (
    <div className="page--narrow">
      <h1>{t('account.title')}</h1>
      <section className="card" aria-labelledby="totp-title">
        <h2 id="totp-title">{t('account.totp.title')}</h2>
        <p>{me.totpEnabled ? t('account.totp.on') : t('account.totp.off')}</p>
        {recoveryCodes && (
          <>
            <Notice>{t('account.totp.enabled')}</Notice>
            <h3>{t('account.totp.recoveryTitle')}</h3>
            <p className="muted">{t('account.totp.recoveryHint')}</p>
            <ul className="recovery-codes" dir="ltr">
              {recoveryCodes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          </>
        )}
        {turnedOff && <Notice>{t('account.totp.disabled')}</Notice>}
        {me.totpEnabled ? (
          <DisableTotp
            onDone={() => {
              setRecoveryCodes(null);
              setTurnedOff(true);
              void refreshMe();
            }}
          />
        ) : (
          !recoveryCodes && (
            <EnableTotp
              onDone={(codes) => {
                setTurnedOff(false);
                setRecoveryCodes(codes);
                void refreshMe();
              }}
            />
          )
        )}
      </section>
    </div>
  );
}
