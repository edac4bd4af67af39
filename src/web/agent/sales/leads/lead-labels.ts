import type { LeadStatus } from '../sales-api';

export const LEAD_STATUS_COLOR: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'cyan',
  qualified: 'teal',
  unqualified: 'gray',
  converted: 'grape',
};
