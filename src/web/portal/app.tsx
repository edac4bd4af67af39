import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, Route, Routes, useParams } from 'react-router';
import { AccountPage } from './account/account-page';
import {
  AcceptInvitePage,
  ForgotPasswordPage,
  LoginPage,
  ResetPasswordPage,
  useWorkspace,
} from './auth/auth-pages';
import { DatasetsListPage, DatasetTablePage } from './datasets';
import { KbArticlePage, KbHomePage } from './kb/kb-pages';
import { BrandingProvider } from './shell/branding';
import { FullPageMessage } from './shell/page-state';
import { PortalLayout, PublicLayout } from './shell/portal-layout';
import { RequireSession } from './shell/session';
import { NewTicketPage } from './tickets/new-ticket-page';
import { TicketPage } from './tickets/ticket-page';
import { TicketsListPage } from './tickets/tickets-list-page';

const PORTAL_KB = { kind: 'portal' } as const;

/** Branding for the workspace named in the URL, around every screen of that workspace. */
function WorkspaceRoot() {
  const workspace = useWorkspace();
  return (
    <BrandingProvider key={workspace} workspace={workspace}>
      <Outlet />
    </BrandingProvider>
  );
}

function SignedIn() {
  const workspace = useWorkspace();
  return (
    <RequireSession workspace={workspace}>
      <PortalLayout workspace={workspace} />
    </RequireSession>
  );
}

function SignedOut() {
  const workspace = useWorkspace();
  return <PublicLayout home={`/portal/${encodeURIComponent(workspace)}/login`} />;
}

/** The public help centre: the same knowledge-base screens, read anonymously (public articles). */
function PublicHelpCentre() {
  const { t } = useTranslation('portal');
  const workspace = useWorkspace();
  const signIn = (
    <Link to={`/portal/${encodeURIComponent(workspace)}/login`} className="button button--quiet">
      {t('shell.signIn')}
    </Link>
  );
  return <PublicLayout home={`/kb/${encodeURIComponent(workspace)}`} end={signIn} />;
}

function PublicKbHome() {
  const workspace = useWorkspace();
  return <KbHomePage source={{ kind: 'public', workspace }} />;
}

function PublicKbArticle() {
  const workspace = useWorkspace();
  return <KbArticlePage source={{ kind: 'public', workspace }} />;
}

function NotFound() {
  const { t } = useTranslation('portal');
  const { workspace } = useParams();
  return (
    <FullPageMessage title={t('shell.notFound.title')} body={t('shell.notFound.body')}>
      {workspace && <Link to={`/portal/${encodeURIComponent(workspace)}`}>{t('shell.notFound.back')}</Link>}
    </FullPageMessage>
  );
}

export function PortalRoutes() {
  return (
    <Routes>
      <Route path="/portal/:workspace" element={<WorkspaceRoot />}>
        <Route index element={<Navigate replace to="tickets" />} />
        <Route element={<SignedOut />}>
          <Route path="login" element={<LoginPage />} />
          <Route path="accept-invite" element={<AcceptInvitePage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          <Route path="reset-password" element={<ResetPasswordPage />} />
        </Route>
        <Route element={<SignedIn />}>
          <Route path="tickets" element={<TicketsListPage />} />
          <Route path="tickets/new" element={<NewTicketPage />} />
          <Route path="tickets/:id" element={<TicketPage />} />
          <Route path="kb" element={<KbHomePage source={PORTAL_KB} />} />
          <Route path="kb/:id" element={<KbArticlePage source={PORTAL_KB} />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="data" element={<DatasetsListPage />} />
          <Route path="data/:key" element={<DatasetTablePage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
      <Route path="/kb/:workspace" element={<WorkspaceRoot />}>
        <Route element={<PublicHelpCentre />}>
          <Route index element={<PublicKbHome />} />
          <Route path=":id" element={<PublicKbArticle />} />
        </Route>
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
