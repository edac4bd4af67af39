import type {
  TDuplicatePolicy,
  TImport,
  TImportCounts,
  TImportEntity,
  TImportMapping,
  TImportPreview,
  TImportRowResult,
  TImportTarget,
  TImportUploaded,
} from '../../../shared/imports.schemas';
import { ApiError, http } from '../../ui/api-client';
import type { Page, Problem } from '../../ui/api-types';

export type ImportEntity = TImportEntity;
export type DuplicatePolicy = TDuplicatePolicy;
export type ImportMapping = TImportMapping;
export type ImportTarget = TImportTarget;
export type ImportUploaded = TImportUploaded;
export type ImportPreview = TImportPreview;
export type ImportRowResult = TImportRowResult;
export type ImportCounts = TImportCounts;
export type ImportJob = TImport;
export type ImportStatus = TImport['status'];

/** As IMPORT_MAX_BYTES in src/shared/imports.schemas.ts (a value import would bundle zod). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;
export const IMPORT_ACCEPT =
  '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const V1 = '/api/v1';
const seg = encodeURIComponent;

const readProblem = async (response: Response): Promise<Problem> => {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return { status: response.status, ...(parsed as Problem) };
    }
  } catch {
    // a proxy's HTML page (e.g. its own 413): the status says enough
  }
  return { status: response.status };
};

/** POST /imports as multipart/form-data (the JSON client cannot send files). */
const upload = async (entity: ImportEntity, file: File, signal?: AbortSignal): Promise<ImportUploaded> => {
  const body = new FormData();
  body.append('entity', entity);
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${V1}/imports`, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json' },
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { title: 'Network error', detail: String(cause) });
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return (await response.json()) as ImportUploaded;
};

/** The import wizard's calls. */
export const importsApi = {
  upload,
  preview: (id: string, input: { mapping: ImportMapping; duplicatePolicy: DuplicatePolicy }) =>
    http.post<ImportPreview>(`${V1}/imports/${seg(id)}/preview`, input),
  commit: (id: string, input: { mapping: ImportMapping; duplicatePolicy: DuplicatePolicy }) =>
    http.post<ImportJob>(`${V1}/imports/${seg(id)}/commit`, input),
  get: (id: string) => http.get<ImportJob>(`${V1}/imports/${seg(id)}`),
  list: (cursor?: string | null) =>
    http.get<Page<ImportJob>>(`${V1}/imports`, { query: { cursor, limit: 10 } }),
  /** The newest records of a kind, to link to after an import created them. */
  newest: (entity: ImportEntity, limit: number) =>
    http.get<Page<{ id: string; number: number; name?: string; fullName?: string }>>(
      `${V1}/${entity === 'account' ? 'accounts' : 'contacts'}`,
      { query: { sort: '-createdAt', limit } },
    ),
};

/** GET /imports/:id/rejected.csv — a plain link: the session cookie goes along. */
export const rejectedCsvUrl = (id: string, lang: 'he' | 'en') =>
  `${V1}/imports/${seg(id)}/rejected.csv?lang=${lang}`;

export const importKeys = {
  list: ['imports', 'list'] as const,
  one: (id: string) => ['imports', id] as const,
  newest: (id: string) => ['imports', id, 'newest'] as const,
};

/** Statuses in which the import is still working. */
export const isRunning = (status: ImportStatus) => status === 'queued' || status === 'running';
