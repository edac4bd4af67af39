import { ACTIVE_STATUSES, STATUS_TRANSITIONS, type TTicketStatus } from '../../../shared/tickets.schemas.js';
import { AppError } from '../../platform/errors/app-error.js';

const ACTIVE: ReadonlySet<string> = new Set(ACTIVE_STATUSES);

/** Not solved or closed. */
export const isActive = (s: TTicketStatus) => ACTIVE.has(s);

export const canTransition = (from: TTicketStatus, to: TTicketStatus) =>
  from === to || STATUS_TRANSITIONS[from].includes(to);

/** Throws 409 INVALID_STATUS_TRANSITION, naming where the ticket may go, unless from → to is allowed. */
export const assertTransition = (from: TTicketStatus, to: TTicketStatus): void => {
  if (canTransition(from, to)) return;
  const allowed = [...STATUS_TRANSITIONS[from]];
  throw new AppError('INVALID_STATUS_TRANSITION', {
    message: `ticket status ${from} → ${to} is not allowed`,
    userMessage: allowed.length
      ? `A ticket that is ${from} can move to: ${allowed.join(', ')}.`
      : `A ticket that is ${from} cannot change status.`,
    extra: { allowed },
  });
};
