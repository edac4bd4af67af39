import type {
  TConnector,
  TConnectorRun,
  TConnectorTestResult,
  TFieldMapping,
  TPriorityConnectorConfig,
  TPriorityCredentials,
} from '../../../shared/connectors.schemas';
import { http, request } from '../../ui/api-client';

const V1 = '/api/v1';
const seg = encodeURIComponent;
const ifMatch = (version?: number) =>
  version === undefined ? {} : { headers: { 'If-Match': `"${version}"` } };

// ── Portal access and branding ──
export type PortalScope = 'own' | 'account';
export interface PortalUser {
  id: string;
  contactId: string;
  accountId: string;
  email: string;
  scope: PortalScope;
  enabled: boolean;
  /** Derived on the server when present; otherwise from enabled + lastLoginAt/passwordSet. */
  status?: 'invited' | 'active' | 'disabled';
  passwordSet?: boolean;
  contactName?: string | null;
  accountName?: string | null;
  lastLoginAt: string | null;
  createdAt?: string;
  version?: number;
}
export interface PortalAccessResult {
  inviteUrl: string | null;
  portalUser: PortalUser;
}
export interface PortalAccessInput {
  enabled: boolean;
  scope?: PortalScope;
  accountId?: string;
}
export interface PortalSettings {
  portalName: string | null;
  logoDataUrl: string | null;
  primaryColor: string;
  defaultLocale: 'he' | 'en';
  customDomain: string | null;
  defaultScope: PortalScope;
  version?: number;
  portalUrl?: string;
}

export const portalStatus = (user: PortalUser): 'invited' | 'active' | 'disabled' => {
  if (user.status) return user.status;
  if (!user.enabled) return 'disabled';
  return user.lastLoginAt || user.passwordSet ? 'active' : 'invited';
};

// ── Datasets ──
export const FIELD_TYPES = ['text', 'number', 'date', 'datetime', 'status', 'link'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export interface DatasetField {
  key: string;
  type: FieldType;
  labelHe: string;
  labelEn: string;
  shown: boolean;
  filterable: boolean;
}
export interface Dataset {
  id: string;
  key: string;
  labelHe: string;
  labelEn: string;
  fields: DatasetField[];
  recordKey: string[];
  ownerField: string;
  ownerRefSystem?: string;
  portalVisible?: boolean;
  lastGoodAt?: string | null;
  recordCount?: number;
  version: number;
}
export type DatasetInput = Pick<
  Dataset,
  'key' | 'labelHe' | 'labelEn' | 'fields' | 'recordKey' | 'ownerField'
>;
export interface DatasetRecord {
  key: string;
  ownerRef: string;
  accountId: string | null;
  accountName?: string | null;
  data: Record<string, unknown>;
  updatedAt?: string;
}
export interface UnmatchedOwner {
  ownerRef: string;
  count?: number;
  records?: number;
}

export type {
  TConnector,
  TConnectorRun,
  TConnectorTestResult,
  TFieldMapping,
  TPriorityConnectorConfig,
  TPriorityCredentials,
};

export interface ConnectorInput {
  name: string;
  kind: TConnector['kind'];
  datasetId: string;
  config: Record<string, unknown>;
  mapping: TFieldMapping[];
  credentials?: Record<string, unknown>;
  intervalMinutes: number;
  enabled: boolean;
}

type Items<T> = { items: T[]; nextCursor?: string | null };

/** The staff calls behind the portal, dataset and connector screens. */
export const portalAdminApi = {
  setPortalAccess: (contactId: string, input: PortalAccessInput) =>
    http.post<PortalAccessResult>(`${V1}/contacts/${seg(contactId)}/portal-access`, input),
  listPortalUsers: (query: { contactId?: string } = {}) =>
    http.get<Items<PortalUser>>(`${V1}/portal-users`, { query }),
  updatePortalUser: (id: string, input: { enabled?: boolean; scope?: PortalScope }, version?: number) =>
    http.patch<PortalUser>(`${V1}/portal-users/${seg(id)}`, input, ifMatch(version)),
  getPortalSettings: () => http.get<PortalSettings>(`${V1}/portal/settings`),
  putPortalSettings: (input: Omit<PortalSettings, 'version' | 'portalUrl'>, version?: number) =>
    request<PortalSettings>('PUT', `${V1}/portal/settings`, { body: input, ...ifMatch(version) }),

  listDatasets: () => http.get<Items<Dataset>>(`${V1}/datasets`),
  getDataset: (key: string) => http.get<Dataset>(`${V1}/datasets/${seg(key)}`),
  createDataset: (input: DatasetInput) => http.post<Dataset>(`${V1}/datasets`, input),
  updateDataset: (key: string, input: Partial<DatasetInput>, version: number) =>
    http.patch<Dataset>(`${V1}/datasets/${seg(key)}`, input, ifMatch(version)),
  deleteDataset: (key: string) => http.delete(`${V1}/datasets/${seg(key)}`),
  datasetRecords: (key: string) =>
    http.get<Items<DatasetRecord>>(`${V1}/datasets/${seg(key)}/records`, { query: { limit: 50 } }),
  unmatchedOwners: (key: string) =>
    http.get<Items<UnmatchedOwner>>(`${V1}/datasets/${seg(key)}/unmatched-owners`),

  listConnectors: () => http.get<Items<TConnector>>(`${V1}/connectors`),
  getConnector: (id: string) => http.get<TConnector>(`${V1}/connectors/${seg(id)}`),
  createConnector: (input: ConnectorInput) => http.post<TConnector>(`${V1}/connectors`, input),
  updateConnector: (id: string, input: Partial<ConnectorInput>, version: number) =>
    http.patch<TConnector>(`${V1}/connectors/${seg(id)}`, { ...input, version }, ifMatch(version)),
  deleteConnector: (id: string) => http.delete(`${V1}/connectors/${seg(id)}`),
  testConnector: (id: string) => http.post<TConnectorTestResult>(`${V1}/connectors/${seg(id)}/test`, {}),
  runConnector: (id: string) =>
    http.post<{ runId: string; status: string }>(`${V1}/connectors/${seg(id)}/run`, { mode: 'full' }),
  connectorRuns: (id: string) => http.get<Items<TConnectorRun>>(`${V1}/connectors/${seg(id)}/runs`),
};

export const portalAdminKeys = {
  portalUsers: ['portal-users'] as const,
  contactPortal: (contactId: string) => ['portal-users', { contactId }] as const,
  portalSettings: ['portal-settings'] as const,
  datasets: ['datasets'] as const,
  dataset: (key: string) => ['datasets', key] as const,
  records: (key: string) => ['datasets', key, 'records'] as const,
  unmatched: (key: string) => ['datasets', key, 'unmatched'] as const,
  connectors: ['connectors'] as const,
  connector: (id: string) => ['connectors', id] as const,
  runs: (id: string) => ['connectors', id, 'runs'] as const,
};
