import type { TConsent, TConsentChannel, TConsentInput } from '../../../shared/crm/contacts.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import type { ContactRow } from './contacts.table.js';

type Consents = ContactRow['consents'];

export type ConsentChange = { channel: TConsentChannel; from: TConsent | null; to: TConsent };

/**
 * Applies consents per channel. A channel changes when it is granted or withdrawn, or its source
 * changes; the time is the client's (a paper form signed earlier) or now, never in the future.
 */
export const applyConsents = (
  current: Consents,
  patch: Partial<Record<TConsentChannel, TConsentInput | undefined>>,
  now: Date,
  errors: TFieldError[],
) => {
  const next: Consents = { ...current };
  const changes: ConsentChange[] = [];
  for (const [channel, input] of Object.entries(patch) as [TConsentChannel, TConsentInput | undefined][]) {
    if (!input) continue;
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() > now.getTime() + 5 * 60_000) {
      errors.push({ path: `consents.${channel}.at`, message: 'Cannot be in the future' });
      continue;
    }
    const prev = current[channel];
    if (prev && prev.granted === input.granted && prev.source === input.source) continue;
    const to = { granted: input.granted, source: input.source, at: at.toISOString() };
    next[channel] = to;
    changes.push({ channel, from: prev ?? null, to });
  }
  return { next, changes };
};
