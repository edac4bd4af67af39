import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AcceptInvitePage } from './auth/accept-invite-page';
import { ForgotPasswordPage } from './auth/forgot-password-page';
import { LoginPage } from './auth/login-page';
import { ResetPasswordPage } from './auth/reset-password-page';
import { SetupPage } from './auth/setup-page';
import { AccountCardPage } from './customers/account-card-page';
import { ContactPage } from './customers/contact-page';
import { CustomersPage } from './customers/customers-page';
import { BusinessHoursPage } from './desk/business-hours-page';
import { MacrosPage } from './desk/macros-page';
import { NotificationsPage } from './desk/notifications-page';
import { OutboxPage } from './desk/outbox-page';
import { ServiceDashboardPage } from './desk/service-dashboard-page';
import { SlaPoliciesPage } from './desk/sla-policies-page';
import { TeamsPage } from './desk/teams-page';
import { ImportSettingsPage } from './imports/import-settings-page';
import { ImportWizardPage } from './imports/import-wizard-page';
import { KbArticlePage } from './kb/kb-article-page';
import { KbPage } from './kb/kb-page';
import { NotFoundPage } from './pages/not-found-page';
import { ConnectorEditorPage } from './portal-admin/connector-editor-page';
import { DatasetEditorPage } from './portal-admin/dataset-editor-page';
import { ErpDataPage } from './portal-admin/erp-data-page';
import { PortalSettingsPage } from './portal-admin/portal-settings-page';
import { DealPage } from './sales/deals/deal-page';
import { DealsPage } from './sales/deals/deals-page';
import { LeadPage } from './sales/leads/lead-page';
import { LeadsPage } from './sales/leads/leads-page';
import { ActivityReportPage } from './sales/reports/activity-report-page';
import { TasksPage } from './sales/tasks/tasks-page';
import { WebFormPage } from './sales/web-form/web-form-page';
import { ApiKeysPage } from './settings/api-keys-page';
import { CardLayoutPage } from './settings/crm/card-layout-page';
import { CustomFieldsPage } from './settings/crm/custom-fields-page';
import { HealthRulesPage } from './settings/crm/health-rules-page';
import { PipelinesPage } from './settings/crm/pipelines-page';
import { ProfilePage } from './settings/profile-page';
import { SettingsLayout } from './settings/settings-layout';
import { UsersPage } from './settings/users-page';
import { AppLayout } from './shell/app-layout';
import { RequireAuth } from './shell/session';
import { SetupGate } from './shell/setup-gate';
import { InboxPage } from './tickets/inbox-page';
import { NewTicketPage } from './tickets/new-ticket-page';
import { TicketPage } from './tickets/ticket-page';

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
              <Route path="/customers/accounts/:id" element={<AccountCardPage />} />
              <Route path="/customers/contacts/:id" element={<ContactPage />} />
              <Route path="/customers/import" element={<ImportWizardPage />} />
              <Route path="/deals" element={<DealsPage />} />
              <Route path="/deals/:id" element={<DealPage />} />
              <Route path="/leads" element={<LeadsPage />} />
              <Route path="/leads/:id" element={<LeadPage />} />
              <Route path="/tasks" element={<TasksPage />} />
              <Route path="/tickets" element={<InboxPage />} />
              <Route path="/tickets/new" element={<NewTicketPage />} />
              <Route path="/tickets/:id" element={<TicketPage />} />
              <Route path="/portal-admin" element={<Navigate to="/portal-admin/kb" replace />} />
              <Route path="/portal-admin/kb" element={<KbPage />} />
              <Route path="/portal-admin/kb/:id" element={<KbArticlePage />} />
              <Route path="/reports" element={<ActivityReportPage />} />
              <Route path="/reports/service" element={<ServiceDashboardPage />} />
              <Route path="/settings" element={<SettingsLayout />}>
                <Route index element={<Navigate to="users" replace />} />
                <Route path="users" element={<UsersPage />} />
                <Route path="api-keys" element={<ApiKeysPage />} />
                <Route path="profile" element={<ProfilePage />} />
                <Route path="custom-fields" element={<CustomFieldsPage />} />
                <Route path="card-layout" element={<CardLayoutPage />} />
                <Route path="health-rules" element={<HealthRulesPage />} />
                <Route path="pipelines" element={<PipelinesPage />} />
                <Route path="import" element={<ImportSettingsPage />} />
                <Route path="web-form" element={<WebFormPage />} />
                <Route path="business-hours" element={<BusinessHoursPage />} />
                <Route path="sla" element={<SlaPoliciesPage />} />
                <Route path="teams" element={<TeamsPage />} />
                <Route path="macros" element={<MacrosPage />} />
                <Route path="notifications" element={<NotificationsPage />} />
                <Route path="outbox" element={<OutboxPage />} />
                <Route path="portal" element={<PortalSettingsPage />} />
                <Route path="erp-data" element={<ErpDataPage />} />
                <Route path="erp-data/datasets/:key" element={<DatasetEditorPage />} />
                <Route path="erp-data/connectors/:id" element={<ConnectorEditorPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
