import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import {
  IMPORT_MAX_BYTES,
  type TImportEntity,
  ZImport,
  ZImportCommitRequest,
  ZImportListQuery,
  ZImportPreview,
  ZImportPreviewRequest,
  ZImportUploaded,
  ZImportUploadFields,
  ZRejectedCsvQuery,
} from '../../../shared/imports.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { attachmentDisposition } from '../../platform/files/content-disposition.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Imports } from './imports.service.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'crm:write' } as const;

const tooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', {
    userMessage: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files and import each.`,
  });

/** The multipart upload: one `file` part and an `entity` field, in either order. */
const readUpload = async (
  req: FastifyRequest,
): Promise<{ entity: TImportEntity; fileName: string; file: Buffer }> => {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      userMessage: 'Send the file as multipart/form-data with a "file" part.',
    });
  }
  const fields: Record<string, string> = {};
  let upload: { fileName: string; file: Buffer } | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        upload = { fileName: part.filename || 'upload', file: await part.toBuffer() };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('PAYLOAD_TOO_LARGE', { userMessage: 'Send one file and the "entity" field only.' });
    }
    throw e;
  }
  const parsed = ZImportUploadFields.safeParse({
    entity: fields.entity ?? (req.query as { entity?: string }).entity,
  });
  if (!parsed.success) throw validationError([{ path: 'entity', message: 'Must be "account" or "contact"' }]);
  if (!upload) throw validationError([{ path: 'file', message: 'Attach the CSV or .xlsx file as "file"' }]);
  return { entity: parsed.data.entity, ...upload };
};

export const importsRoutes =
  (imports: Imports): FastifyPluginAsyncZod =>
  async (app) => {
    // Multipart only here, with the import's limits; nothing else in the API takes uploads yet.
    await app.register(fastifyMultipart, {
      limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6 },
    });
    // A run started in this process finishes (or fails cleanly) before the database closes.
    app.addHook('onClose', async () => {
      await imports.drain();
    });

    app.post(
      '/imports',
      {
        schema: {
          tags: ['imports'],
          consumes: ['multipart/form-data'],
          description:
            'multipart/form-data with `file` (CSV or .xlsx, at most 10 MB, 50,000 rows) and `entity` (account|contact).',
          response: { 201: ZImportUploaded },
        },
        config: write,
      },
      async (req, reply) => reply.status(201).send(await imports.upload(ctxOf(req), await readUpload(req))),
    );
    app.get(
      '/imports',
      {
        schema: { tags: ['imports'], querystring: ZImportListQuery, response: { 200: zPage(ZImport) } },
        config: read,
      },
      (req) => imports.list(ctxOf(req), req.query),
    );
    app.get(
      '/imports/:id',
      { schema: { tags: ['imports'], params: ZIdParams, response: { 200: ZImport } }, config: read },
      (req) => imports.get(ctxOf(req), req.params.id),
    );
    app.post(
      '/imports/:id/preview',
      {
        schema: {
          tags: ['imports'],
          params: ZIdParams,
          body: ZImportPreviewRequest,
          response: { 200: ZImportPreview },
        },
        config: write,
      },
      (req) => imports.preview(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/imports/:id/commit',
      {
        schema: {
          tags: ['imports'],
          params: ZIdParams,
          body: ZImportCommitRequest,
          response: { 202: ZImport },
        },
        config: write,
      },
      async (req, reply) =>
        reply.status(202).send(await imports.commit(ctxOf(req), req.params.id, req.body ?? {})),
    );
    app.get(
      '/imports/:id/rejected.csv',
      { schema: { tags: ['imports'], params: ZIdParams, querystring: ZRejectedCsvQuery }, config: read },
      async (req, reply) => {
        const csv = await imports.rejectedCsv(ctxOf(req), req.params.id, req.query.lang ?? 'en');
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachmentDisposition(csv.fileName, csv.asciiName))
          .send(csv.body);
      },
    );
  };
