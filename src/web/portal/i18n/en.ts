import { accountEn } from '../account/messages.js';
import { authEn } from '../auth/messages.js';
import { datasetsEn } from '../datasets/messages.js';
import { kbEn } from '../kb/messages.js';
import { shellEn } from '../shell/messages.js';
import { ticketsEn } from '../tickets/messages.js';
import type { PortalMessages } from './he.js';

export const portalEn: PortalMessages = {
  datasets: datasetsEn,
  shell: shellEn,
  auth: authEn,
  account: accountEn,
  tickets: ticketsEn,
  kb: kbEn,
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    error: 'Something went wrong. Please try again.',
    notFound: 'Not found.',
    saving: 'Saving…',
  },
};
