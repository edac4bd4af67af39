import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, Route, Routes, useParams } from 'react-router';
import {
  AcceptInvitePage,
  ForgotPasswordPage,
  LoginPage,
  ResetPasswordPage,
  useWorkspace,
} from './auth/auth-pages';
import { BrandingProvider } from './shell/branding';
import { FullPageMessage } from './shell/page-state';
import { PortalLayout, PublicLayout } from './shell/portal-layout';
import { RequireSession } from './shell/session';

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
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
