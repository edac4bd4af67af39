import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AcceptInvitePage } from './auth/accept-invite-page';
import { ForgotPasswordPage } from './auth/forgot-password-page';
import { LoginPage } from './auth/login-page';
import { ResetPasswordPage } from './auth/reset-password-page';
import { SetupPage } from './auth/setup-page';
import { CustomersPage, PortalAdminPage, ReportsPage, TicketsPage } from './pages/empty-pages';
import { NotFoundPage } from './pages/not-found-page';
import { ApiKeysPage } from './settings/api-keys-page';
import { ProfilePage } from './settings/profile-page';
import { SettingsLayout } from './settings/settings-layout';
import { UsersPage } from './settings/users-page';
import { AppLayout } from './shell/app-layout';
import { RequireAuth } from './shell/session';
import { SetupGate } from './shell/setup-gate';

/** Every URL of the staff app. Signed-out screens first, then the shell behind GET /me. */
export function AgentRoutes() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<SetupGate />}>
          <Route path="/setup" element={<SetupPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/accept-invite" element={<AcceptInvitePage />} />
          <Route element={<RequireAuth />}>
            <Route element={<AppLayout />}>
              <Route index element={<Navigate to="/customers" replace />} />
              <Route path="/customers" element={<CustomersPage />} />
              <Route path="/tickets" element={<TicketsPage />} />
              <Route path="/portal-admin" element={<PortalAdminPage />} />
              <Route path="/reports" element={<ReportsPage />} />
              <Route path="/settings" element={<SettingsLayout />}>
                <Route index element={<Navigate to="users" replace />} />
                <Route path="users" element={<UsersPage />} />
                <Route path="api-keys" element={<ApiKeysPage />} />
                <Route path="profile" element={<ProfilePage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
