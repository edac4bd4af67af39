import { datasetsEn } from '../datasets/messages.js';
import type { PortalMessages } from './he.js';

export const portalEn: PortalMessages = {
  datasets: datasetsEn,
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    error: 'Something went wrong. Please try again.',
  },
};
