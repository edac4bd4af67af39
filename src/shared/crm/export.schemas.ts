import { z } from 'zod';
import { ZAccountListQuery } from './accounts.schemas.js';
import { ZContactListQuery } from './contacts.schemas.js';
import { ZDealListQuery } from './deals.schemas.js';
import { ZLeadListQuery } from './leads.schemas.js';

/** `format` (csv|xlsx) and `lang` (column headers; he also makes the sheet right-to-left). */
export const ZExportOptions = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['he', 'en']).default('en'),
});

// An export takes the same filters and sort as the list, without paging.
const paging = { limit: true, cursor: true } as const;
export const ZAccountExportQuery = ZAccountListQuery.omit(paging).extend(ZExportOptions.shape);
export const ZContactExportQuery = ZContactListQuery.omit(paging).extend(ZExportOptions.shape);
export const ZLeadExportQuery = ZLeadListQuery.omit(paging).extend(ZExportOptions.shape);
export const ZDealExportQuery = ZDealListQuery.omit(paging).extend(ZExportOptions.shape);
