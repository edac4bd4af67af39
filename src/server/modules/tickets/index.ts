// Public API of the service desk (tickets, conversation, teams, macros, attachments).

export type { NewCustomerTicket } from './customer-writes.js';
export { serviceDeskRoutes as ticketsRoutes } from './service-desk.routes.js';
export { agentAvailability, macros, teamMembers, teams } from './teams.table.js';
export { buildInboxSql, type InboxQuery, type InboxRow, inboxPage, toInboxItem } from './ticket-inbox.sql.js';
export {
  applyTicketEscalation,
  getTicketForNotification,
  listTicketsDueForSlaCheck,
  recomputeTicketSla,
  type TicketForNotification,
} from './ticket-jobs.js';
export { TICKET_EVENT } from './tickets.events.js';
export { createTicketsModule, type TicketsModule } from './tickets.module.js';
export { readUploadedFile } from './tickets.routes.js';
export { ticketAttachments, ticketEvents, ticketMessages, tickets } from './tickets.table.js';
