import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { toLocale } from '../../ui/locale';
import { setPortalLocale } from '../i18n';
import { useBranding, usePortalName } from './branding';
import { useSession, useSignOut } from './session';

function LanguageToggle() {
  const { t, i18n } = useTranslation('portal');
  const other = toLocale(i18n.language) === 'he' ? 'en' : 'he';
  return (
    <button
      type="button"
      className="button button--quiet"
      lang={other}
      onClick={() => void setPortalLocale(other)}
    >
      {t(`shell.language.${other}`)}
    </button>
  );
}

function Brand({ home }: { home: string }) {
  const branding = useBranding();
  const name = usePortalName();
  return (
    <Link to={home} className="brand">
      {branding.logoDataUrl && <img src={branding.logoDataUrl} alt="" className="brand__logo" />}
      <span className="brand__name" dir="auto">
        {name}
      </span>
    </Link>
  );
}

function UserMenu({ workspace }: { workspace: string }) {
  const { t } = useTranslation('portal');
  const me = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const doSignOut = () =>
    signOut.mutate(undefined, {
      onSettled: () =>
        navigate(`/portal/${encodeURIComponent(workspace)}/login?signedOut=1`, { replace: true }),
    });

  return (
    <div className="user-menu" ref={wrapper}>
      <button
        ref={button}
        type="button"
        className="button button--quiet user-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('shell.userMenu.open', { name: me.contact.name })}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="avatar" aria-hidden="true">
          {me.contact.name.trim().charAt(0) || '?'}
        </span>
        <span className="user-menu__name" dir="auto">
          {me.contact.name}
        </span>
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <p className="muted" dir="auto">
          {t('shell.userMenu.signedInAs', { email: me.contact.email })}
        </p>
        <p className="muted" dir="auto">
          {t('shell.userMenu.account', { name: me.account.name })}
        </p>
        <Link
          to={`/portal/${encodeURIComponent(workspace)}/account`}
          className="button button--quiet"
          onClick={() => setOpen(false)}
        >
          {t('account.menuLink')}
        </Link>
        <button type="button" className="button" onClick={doSignOut} disabled={signOut.isPending}>
          {t('shell.userMenu.signOut')}
        </button>
      </div>
    </div>
  );
}

function SkipLink() {
  const { t } = useTranslation('portal');
  return (
    <a href="#main" className="skip-link">
      {t('shell.skipToContent')}
    </a>
  );
}

/** The signed-in portal: header with brand, navigation, language and user menu. */
export function PortalLayout({ workspace }: { workspace: string }) {
  const { t } = useTranslation('portal');
  const base = `/portal/${encodeURIComponent(workspace)}`;
  return (
    <>
      <SkipLink />
      <header className="topbar">
        <Brand home={`${base}/tickets`} />
        <nav className="topnav" aria-label={t('shell.nav.label')}>
          <NavLink to={`${base}/tickets`}>{t('shell.nav.tickets')}</NavLink>
          <NavLink to={`${base}/kb`}>{t('shell.nav.kb')}</NavLink>
          <NavLink to={`${base}/data`}>{t('shell.nav.data')}</NavLink>
        </nav>
        <div className="topbar__end">
          <LanguageToggle />
          <UserMenu workspace={workspace} />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/** Screens without a session: sign-in, invite, password reset and the public help centre. */
export function PublicLayout({
  home,
  end,
  children,
}: {
  home: string;
  end?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <>
      <SkipLink />
      <header className="topbar">
        <Brand home={home} />
        <div className="topbar__end">
          {end}
          <LanguageToggle />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children ?? <Outlet />}
      </main>
    </>
  );
}
