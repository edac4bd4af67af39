import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditRoutes } from './modules/audit/index.js';
import { authRoutes, createAuthModule, usersRoutes } from './modules/auth/index.js';
import { createCrmModule, crmRoutes } from './modules/crm/index.js';
import { createCsatModule, csatPageRoutes, csatRoutes } from './modules/csat/index.js';
import { createCustomFields, customFieldsRoutes } from './modules/custom-fields/index.js';
import * as datasetsApi from './modules/datasets/index.js';
import { createDatasetsModule, datasetsPortalRoutes, datasetsRoutes } from './modules/datasets/index.js';
import { createDeskPresence } from './modules/desk-presence/index.js';
import { createErpSync, type ErpSync, erpSyncRoutes } from './modules/erp-sync/index.js';
import { createImports, IMPORT_JOB, type ImportJob, importsRoutes } from './modules/imports/index.js';
import { createKbModule, kbPortalRoutes, kbPublicRoutes, kbRoutes } from './modules/kb/index.js';
import {
  createNotificationsModule,
  type NotificationsModule,
  notificationsRoutes,
  SLA_CHECK_JOB,
} from './modules/notifications/index.js';
import {
  createPortalModule,
  type PortalModule,
  portalApiPrefix,
  portalAuthRoutes,
  portalStaffRoutes,
  portalTicketWriteRoutes,
} from './modules/portal/index.js';
import { createServiceDashboard, reportsRoutes } from './modules/reports/index.js';
import { createSearch, searchRoutes } from './modules/search/index.js';
import { createSlaModule, slaRoutes } from './modules/sla/index.js';
import { createTicketsModule, ticketsRoutes } from './modules/tickets/index.js';
import { createTimeline, timelineRoutes } from './modules/timeline/index.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { AppConfig } from './platform/config/load-config.js';
import type { Database } from './platform/db/database.js';
import { createEventBus, type EventBus } from './platform/events/event-bus.js';
import { createDiskFileStore } from './platform/files/file-store.js';
import { registerMetrics } from './platform/http/metrics.js';
import { registerProblemHandler } from './platform/http/problem.js';
import { registerRequestContext } from './platform/http/request-context.js';
import { registerStaticWeb } from './platform/http/static-web.js';
import { uuidv7 } from './platform/ids.js';
import type { Jobs } from './platform/jobs/jobs.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import { createRealtime, type Realtime } from './platform/realtime/index.js';
import { createSecrets } from './platform/security/secrets.js';

export type AppDeps = {
  config: AppConfig;
  database: Database;
  clock?: Clock;
  /** Absent in most tests; main.ts starts pg-boss and passes it. */
  jobs?: Jobs;
  /** Where the built web app is; defaults to dist/web. */
  webDir?: string;
  logger?: boolean | object;
};

export type App = FastifyInstance & {
  kesher: {
    database: Database;
    mailer: Mailer;
    events: EventBus;
    clock: Clock;
    auth: ReturnType<typeof createAuthModule>;
    crm: ReturnType<typeof createCrmModule>;
    notifications: NotificationsModule;
    realtime: Realtime;
    erpSync: ErpSync;
    portal: PortalModule;
  };
};

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the HTTP app: platform plugins first, then each module's routes under /api/v1. */
export const buildApp = async (deps: AppDeps): Promise<App> => {
  const { config, database } = deps;
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Keep a caller's request id (from a proxy) when it looks sane; otherwise make one.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{8,80}$/.test(incoming) ? incoming : uuidv7();
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const events = createEventBus((err, event) =>
    app.log.error({ err, event: event.type }, 'event handler failed'),
  );
  const secrets = createSecrets(config.sessionSecret);
  const jobs = deps.jobs;
  const mailer = createMailer({
    database,
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    clock,
    ...(jobs
      ? {
          requestDelivery: () => {
            // singletonKey: many mails queued at once need one delivery run, not one each.
            jobs.send('mail.deliver', {}, { singletonKey: 'mail.deliver' }).catch((err) => {
              app.log.warn({ err }, 'could not request mail delivery; the minutely sweep will send it');
            });
          },
        }
      : {}),
  });
  const auth = createAuthModule({
    database,
    secrets,
    clock,
    mailer,
    events,
    publicUrl: config.publicUrl,
    signup: config.signup,
    sessionIdleMs: config.sessionIdleMs,
    sessionAbsoluteMs: config.sessionAbsoluteMs,
  });

  const crm = createCrmModule({ database, clock, events, publicUrl: config.publicUrl });
  const customFields = createCustomFields({ database, clock });
  const timeline = createTimeline({ database, clock });
  const imports = createImports({
    database,
    clock,
    events,
    crm,
    jobs: deps.jobs,
    onError: (err, msg) => app.log.error({ err }, msg),
  });
  const search = createSearch({ database });
  const sla = createSlaModule({ database, clock });
  const csat = createCsatModule({ database, clock, secrets, publicUrl: config.publicUrl });
  // Subscribes to the ticket events: requester emails, in-app notifications, CSAT requests.
  const notifications = createNotificationsModule({
    database,
    clock,
    events,
    mailer,
    publicUrl: config.publicUrl,
    csat: csat.csat,
    onError: (err, msg) => app.log.error({ err }, msg),
  });
  const tickets = createTicketsModule({
    database,
    clock,
    events,
    files: createDiskFileStore(path.join(config.dataDir, 'files')),
  });
  search.registerType('ticket', 'tickets:read');
  // Live pushes over WebSocket; NOTIFY fans them out to every process on pg.
  const realtime = createRealtime({
    database,
    listenUrl: config.databaseUrl ?? database.url,
    resolveActor: (req) => auth.resolveActor(req),
    allowedOrigins: [new URL(config.publicUrl).origin],
    onError: (err, msg) => app.log.error({ err }, msg),
  });
  createDeskPresence({ database, clock, events, realtime });
  const serviceDashboard = createServiceDashboard({ database, clock });
  const datasets = createDatasetsModule({ database, clock });
  const kb = createKbModule({ database, clock });
  const portal = createPortalModule({
    database,
    secrets,
    clock,
    mailer,
    throttle: auth.throttle,
    publicUrl: config.publicUrl,
    sessionIdleMs: config.sessionIdleMs,
    sessionAbsoluteMs: config.sessionAbsoluteMs,
    tickets,
    csat: csat.csat,
  });
  const erpSync = createErpSync({
    database,
    clock,
    secrets,
    datasets: datasetsApi,
    jobs: deps.jobs,
    onError: (err, msg) => app.log.error({ err }, msg),
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine and swagger-ui set inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // HSTS only makes sense when we are served over https.
    strictTransportSecurity: config.secureCookies ? { maxAge: 15_552_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);

  // Before the request context: its hooks must see (and, on a refused upgrade, close) the socket.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  registerProblemHandler(app);
  registerRequestContext(app, {
    // Portal routes see only the portal cookie and staff routes only staff credentials, so a
    // session of one kind on a route of the other resolves to anonymous (401).
    resolveActor: (req) =>
      req.routeOptions.config?.auth === 'portal' ? portal.resolveActor(req) : auth.resolveActor(req),
    allowedOrigins: [new URL(config.publicUrl).origin],
    publicPrefixes: ['/api/docs'],
  });
  registerMetrics(app);
  realtime.registerRoute(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kesher API',
        version: '1',
        description:
          'Kesher REST API. Staff authenticate with the `kesher_session` cookie or `Authorization: Bearer <API key>`. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kesher_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, () => app.swagger());

  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        response: {
          200: z.object({ status: z.literal('ready') }),
          503: z.object({ status: z.string(), reason: z.string() }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await database.ping();
        if (!(await database.migrationsApplied())) {
          return reply.status(503).send({ status: 'not-ready', reason: 'migrations pending' });
        }
        return { status: 'ready' as const };
      } catch {
        return reply.status(503).send({ status: 'not-ready', reason: 'database unreachable' });
      }
    },
  );

  await app.register(
    async (api) => {
      await api.register(authRoutes(auth, { secureCookies: config.secureCookies }));
      await api.register(usersRoutes(auth));
      await api.register(auditRoutes(database));
      await api.register(customFieldsRoutes(customFields));
      await api.register(timelineRoutes(timeline));
      await api.register(searchRoutes(search));
      await api.register(slaRoutes(sla));
      await api.register(ticketsRoutes(tickets));
      await api.register(crmRoutes(crm));
      await api.register(importsRoutes(imports));
      await api.register(notificationsRoutes(notifications));
      await api.register(csatRoutes(csat.csat));
      await api.register(reportsRoutes(serviceDashboard));
      await api.register(datasetsRoutes(datasets));
      await api.register(kbRoutes(kb));
      await api.register(erpSyncRoutes(erpSync));
      await api.register(portalStaffRoutes(portal));
    },
    { prefix: '/api/v1' },
  );

  // The customer portal's API (portal sessions, kesher_portal role).
  await app.register(
    async (api) => {
      await api.register(portalAuthRoutes(portal, { secureCookies: config.secureCookies }));
      await api.register(portalTicketWriteRoutes(portal));
      await api.register(datasetsPortalRoutes(datasets));
      await api.register(kbPortalRoutes(kb));
    },
    { prefix: portalApiPrefix },
  );

  // The public help centre: no sign-in, published articles with visibility 'public' only.
  await app.register(
    async (api) => {
      await api.register(kbPublicRoutes(kb, { secureCookies: config.secureCookies }));
    },
    { prefix: '/api/public/v1' },
  );

  // The satisfaction survey page (/csat/:token): public, server-rendered, no script.
  await app.register(csatPageRoutes(csat.pages));

  await registerStaticWeb(app, deps.webDir ?? path.join(REPO_ROOT, 'dist/web'), {
    portalWorkspaceForHost: (host) => portal.settings.workspaceForHost(host),
  });

  if (deps.jobs) {
    await registerJobs(deps.jobs, database, mailer);
    await deps.jobs.work<ImportJob>(IMPORT_JOB, (job) => imports.runImport(job));
    // SLA warnings and breaches: every minute, once across processes (pg-boss schedule).
    await deps.jobs.work(SLA_CHECK_JOB, async () => {
      await notifications.escalations.runSlaCheck();
    });
    await deps.jobs.schedule(SLA_CHECK_JOB, '* * * * *');
    // Connector runs, and the minutely sweep that opens the due ones (once across processes).
    await erpSync.registerJobs();
  }

  const kesherApp = app as unknown as App;
  kesherApp.kesher = { database, mailer, events, clock, auth, crm, notifications, realtime, erpSync, portal };
  await realtime.start();
  app.addHook('onClose', async () => {
    await realtime.close();
    await events.drain();
  });
  return kesherApp;
};

const registerJobs = async (jobs: Jobs, database: Database, mailer: Mailer) => {
  await jobs.work('mail.deliver', async () => {
    await mailer.deliverPending();
  });
  await jobs.schedule('mail.deliver', '* * * * *');
  if (database.pglite) {
    const pglite = database.pglite;
    // PGlite has no autovacuum; without ANALYZE the planner ignores fresh indexes.
    await jobs.work('db.vacuum', async () => {
      await pglite.exec('VACUUM ANALYZE');
    });
    await jobs.schedule('db.vacuum', '17 * * * *');
  }
};
