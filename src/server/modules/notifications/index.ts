// Public API of the notifications module: ticket notifications (templates, email via the mail
// outbox, in-app inbox), SLA escalations and the dev outbox screen.
export { ACK_RATE_WINDOW_MS, type CsatPort } from './delivery.service.js';
export { SLA_CHECK_JOB, type SlaCheckResult } from './escalations.service.js';
export {
  createNotificationsModule,
  type NotificationsDeps,
  type NotificationsModule,
} from './notifications.module.js';
export { notificationsRoutes } from './notifications.routes.js';
export { notifications, slaEscalations } from './notifications.table.js';
export type { TicketForNotification, TicketsPort } from './tickets-port.js';
