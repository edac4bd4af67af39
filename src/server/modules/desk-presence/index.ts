// Public API of desk presence: who is viewing or typing on a ticket, pushed live over the realtime
// socket, and "this ticket changed" pushes for open ticket screens.
export {
  createDeskPresence,
  type DeskPresence,
  type DeskPresenceDeps,
  PRESENCE_TTL_MS,
  type PresenceUser,
  ticketChannel,
} from './desk-presence.service.js';
export { ticketPresence } from './desk-presence.table.js';
