import { and, desc, eq, lt, or } from 'drizzle-orm';
import type {
  TConnector,
  TConnectorConfig,
  TConnectorCreate,
  TConnectorCredentials,
  TConnectorPatch,
  TConnectorRun,
  TConnectorTestResult,
  TFieldMapping,
} from '../../../shared/connectors.schemas.js';
import {
  ZCsvUrlConfig,
  ZHttpCredentials,
  ZJsonHttpConfig,
  ZPriorityConnectorConfig,
  ZPriorityCredentials,
} from '../../../shared/connectors.schemas.js';
import type { TPageQuery } from '../../../shared/pagination.js';
import type { Tx } from '../../platform/db/database.js';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { createBudgets } from './call-budget.js';
import type { ErpSyncDeps } from './erp-sync.deps.js';
import { type ConnectorRow, type ConnectorRunRow, connectorRuns, connectors } from './erp-sync.table.js';
import { applyMapping } from './field-mapping.js';
import { ConnectorFetchError } from './http-fetch.js';
import { readSource } from './source-reader.js';

/** What `connectors.config` holds: the source settings, the mapping and a hint of the credentials. */
export type StoredConfig = {
  source: TConnectorConfig;
  mapping: TFieldMapping[];
  credentialsHint: { kind: string; last4: string } | null;
};

export const storedConfig = (row: ConnectorRow) => row.config as unknown as StoredConfig;

const notFound = () => new AppError('NOT_FOUND', { userMessage: 'Connector not found.' });

const iso = (d: Date | null) => d?.toISOString() ?? null;

const toConnector = (r: ConnectorRow): TConnector => {
  const c = storedConfig(r);
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    datasetId: r.datasetId,
    config: c.source,
    mapping: c.mapping,
    credentials: {
      set: r.secretEnc !== null,
      kind: c.credentialsHint?.kind ?? null,
      last4: c.credentialsHint?.last4 ?? null,
    },
    intervalMinutes: r.intervalMinutes,
    enabled: r.enabled,
    sinceWatermark: iso(r.sinceWatermark),
    nextRunAt: iso(r.nextRunAt),
    lastRunAt: iso(r.lastRunAt),
    lastSuccessAt: iso(r.lastSuccessAt),
    lastError: r.lastError,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
};

export const toRun = (r: ConnectorRunRow): TConnectorRun => ({
  id: r.id,
  connectorId: r.connectorId,
  status: r.status,
  mode: r.mode,
  trigger: r.trigger,
  startedAt: r.startedAt.toISOString(),
  finishedAt: iso(r.finishedAt),
  durationMs: r.durationMs,
  pages: r.pages,
  fetched: r.fetched,
  inserted: r.inserted,
  updated: r.updated,
  deleted: r.deleted,
  rejected: r.rejected,
  rejects: r.rejects,
  log: r.log,
  error: r.error,
});

const hintOf = (c: TConnectorCredentials | undefined) =>
  c
    ? {
        kind: c.kind,
        last4: (c.kind === 'pat' ? c.token : c.kind === 'basic' ? c.password : c.value).slice(-4),
      }
    : null;

const CONFIG_OF = {
  priority: ZPriorityConnectorConfig,
  json_http: ZJsonHttpConfig,
  csv_url: ZCsvUrlConfig,
} as const;
const CREDENTIALS_OF = {
  priority: ZPriorityCredentials,
  json_http: ZHttpCredentials,
  csv_url: ZHttpCredentials,
} as const;

/** A patch's config/credentials, checked against the connector's kind (zod could not: it has no kind). */
const parseFor = <K extends keyof typeof CONFIG_OF>(
  which: 'config' | 'credentials',
  kind: K,
  value: unknown,
) => {
  const schema = which === 'config' ? CONFIG_OF[kind] : CREDENTIALS_OF[kind];
  const r = schema.safeParse(value);
  if (!r.success) {
    throw validationError(
      r.error.issues.map((i) => ({ path: [which, ...i.path.map(String)].join('.'), message: i.message })),
    );
  }
  return r.data;
};

/** The mapping's targets must be the dataset's fields. */
const checkMapping = (mapping: TFieldMapping[], dataset: { fields?: Array<{ key: string }> }) => {
  if (!dataset.fields) return;
  const keys = new Set(dataset.fields.map((f) => f.key));
  const bad = mapping
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => !keys.has(m.target))
    .map(({ m, i }) => ({ path: `mapping.${i}.target`, message: `The dataset has no field "${m.target}"` }));
  if (bad.length) throw validationError(bad);
};

export const createConnectorsService = (deps: ErpSyncDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);
  const budgets = createBudgets(deps.budget);

  const getRow = async (tx: Tx, id: string) => {
    const [row] = await tx.select().from(connectors).where(eq(connectors.id, id)).limit(1);
    if (!row) throw notFound();
    return row;
  };

  const datasetOf = async (tx: Tx, datasetId: string) => {
    try {
      return await deps.datasets.getDatasetOrThrow(tx, datasetId);
    } catch (e) {
      if (e instanceof AppError && e.status === 404) {
        throw validationError([{ path: 'datasetId', message: 'No such dataset' }]);
      }
      throw e;
    }
  };

  const credentialsOf = (row: ConnectorRow): TConnectorCredentials | undefined => {
    if (!row.secretEnc) {
      if (row.kind === 'priority') throw new ConnectorFetchError('The connector has no credentials');
      return undefined;
    }
    return JSON.parse(deps.secrets.decrypt(row.secretEnc)) as TConnectorCredentials;
  };

  return {
    budgetFor: (connectorId: string) => budgets(connectorId),
    credentialsOf,

    async list(ctx: TenantCtx): Promise<{ items: TConnector[] }> {
      const rows = await inTx(ctx, (tx) =>
        tx.select().from(connectors).orderBy(connectors.name, connectors.id),
      );
      return { items: rows.map(toConnector) };
    },

    async get(ctx: TenantCtx, id: string): Promise<TConnector> {
      return toConnector(await inTx(ctx, (tx) => getRow(tx, id)));
    },

    async create(ctx: TenantCtx, input: TConnectorCreate): Promise<TConnector> {
      const now = deps.clock.now();
      const config: StoredConfig = {
        source: input.config,
        mapping: input.mapping,
        credentialsHint: hintOf(input.credentials),
      };
      return inTx(ctx, async (tx) => {
        const dataset = await datasetOf(tx, input.datasetId);
        checkMapping(input.mapping, dataset as { fields?: Array<{ key: string }> });
        const [row] = await tx
          .insert(connectors)
          .values({
            tenantId: ctx.tenantId,
            name: input.name,
            kind: input.kind,
            datasetId: dataset.id,
            config: config as unknown as Record<string, unknown>,
            secretEnc: input.credentials ? deps.secrets.encrypt(JSON.stringify(input.credentials)) : null,
            intervalMinutes: input.intervalMinutes,
            enabled: input.enabled,
            nextRunAt: now,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return toConnector(row as ConnectorRow);
      });
    },

    async patch(ctx: TenantCtx, id: string, input: TConnectorPatch): Promise<TConnector> {
      const now = deps.clock.now();
      return inTx(ctx, async (tx) => {
        const row = await getRow(tx, id);
        if (row.version !== input.version) {
          throw new AppError('VERSION_CONFLICT', {
            userMessage: 'Someone changed this connector meanwhile.',
            extra: { current: toConnector(row) },
          });
        }
        const old = storedConfig(row);
        const source = input.config
          ? (parseFor('config', row.kind, input.config) as TConnectorConfig)
          : undefined;
        const credentials = input.credentials
          ? (parseFor('credentials', row.kind, input.credentials) as TConnectorCredentials)
          : undefined;
        const mapping = input.mapping ?? old.mapping;
        if (input.mapping)
          checkMapping(mapping, (await datasetOf(tx, row.datasetId)) as { fields?: Array<{ key: string }> });
        const config: StoredConfig = {
          source: source ?? old.source,
          mapping,
          credentialsHint: credentials ? hintOf(credentials) : old.credentialsHint,
        };
        const [updated] = await tx
          .update(connectors)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.intervalMinutes !== undefined ? { intervalMinutes: input.intervalMinutes } : {}),
            ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
            ...(input.credentials
              ? { secretEnc: deps.secrets.encrypt(JSON.stringify(input.credentials)) }
              : {}),
            // A changed source or mapping makes the old watermark meaningless: start over with a full sync.
            ...(input.config || input.mapping ? { sinceWatermark: null } : {}),
            config: config as unknown as Record<string, unknown>,
            version: row.version + 1,
            updatedAt: now,
          })
          .where(eq(connectors.id, id))
          .returning();
        return toConnector(updated as ConnectorRow);
      });
    },

    async remove(ctx: TenantCtx, id: string): Promise<void> {
      await inTx(ctx, async (tx) => {
        await getRow(tx, id);
        await tx.delete(connectorRuns).where(eq(connectorRuns.connectorId, id));
        await tx.delete(connectors).where(eq(connectors.id, id));
      });
    },

    /** Fetches the first rows and shows them mapped and validated; writes nothing. */
    async test(ctx: TenantCtx, id: string): Promise<TConnectorTestResult> {
      const { row, dataset } = await inTx(ctx, async (tx) => {
        const r = await getRow(tx, id);
        return { row: r, dataset: await datasetOf(tx, r.datasetId) };
      });
      const c = storedConfig(row);
      const rows: TConnectorTestResult['rows'] = [];
      try {
        for await (const page of readSource(row.kind, c.source, credentialsOf(row), {
          budget: budgets(row.id),
          limit: 10,
        })) {
          for (const source of page.slice(0, 10)) {
            const mapped = applyMapping(c.mapping, source);
            const check = deps.datasets.validateDatasetRecord(dataset, mapped);
            rows.push({ source, mapped, errors: check.ok ? [] : check.errors });
          }
        }
      } catch (e) {
        if (e instanceof ConnectorFetchError) {
          throw new AppError('CONNECTOR_SOURCE_FAILED', { userMessage: e.message });
        }
        throw e;
      }
      return { rows };
    },

    async listRuns(ctx: TenantCtx, id: string, q: TPageQuery) {
      return inTx(ctx, async (tx) => {
        await getRow(tx, id);
        const cur = q.cursor ? decodeCursor(q.cursor) : undefined;
        const rows = await tx
          .select()
          .from(connectorRuns)
          .where(
            and(
              eq(connectorRuns.connectorId, id),
              cur
                ? or(
                    lt(connectorRuns.startedAt, new Date(String(cur.v))),
                    and(eq(connectorRuns.startedAt, new Date(String(cur.v))), lt(connectorRuns.id, cur.id)),
                  )
                : undefined,
            ),
          )
          .orderBy(desc(connectorRuns.startedAt), desc(connectorRuns.id))
          .limit(q.limit + 1);
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        return {
          items: page.map(toRun),
          nextCursor:
            rows.length > q.limit && last
              ? encodeCursor({ v: last.startedAt.toISOString(), id: last.id })
              : null,
        };
      });
    },
  };
};

export type ConnectorsService = ReturnType<typeof createConnectorsService>;
