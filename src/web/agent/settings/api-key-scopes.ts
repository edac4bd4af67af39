import type { TFunction } from 'i18next';

const SCOPE_LABELS = {
  'crm:read': 'apiKeys.scopes.crmRead',
  'crm:write': 'apiKeys.scopes.crmWrite',
  'tickets:read': 'apiKeys.scopes.ticketsRead',
  'tickets:write': 'apiKeys.scopes.ticketsWrite',
  'datasets:read': 'apiKeys.scopes.datasetsRead',
  'datasets:write': 'apiKeys.scopes.datasetsWrite',
} as const;

/** A human label for an API scope; scopes this build does not know show as their code. */
export const scopeLabel = (t: TFunction, scope: string): string =>
  Object.hasOwn(SCOPE_LABELS, scope) ? t(SCOPE_LABELS[scope as keyof typeof SCOPE_LABELS]) : scope;
