// Ticket attachments: uploaded first (checked by content, stored in the file store), then named
// by a message; downloaded by signed-in staff of the tenant only.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/tickets.schemas.js';
import type { TenantScope } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { detectFileType } from '../../platform/files/file-type.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { uuidv7 } from '../../platform/ids.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import type { TicketsDeps } from './tickets.deps.js';
import { type TicketAttachmentRow, ticketAttachments } from './tickets.table.js';

export const attachmentTooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', {
    userMessage: `Attachments can be up to ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB.`,
  });

const toAttachment = (r: TicketAttachmentRow) => ({
  id: r.id,
  fileName: r.fileName,
  contentType: r.contentType,
  size: r.size,
  ticketId: r.ticketId,
  messageId: r.messageId,
  createdAt: r.createdAt.toISOString(),
});

// A file name as the user sees it, never a path.
const cleanName = (name: string) =>
  name
    .replace(/^.*[\\/]/, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200) || 'file';

export const createAttachments = (deps: TicketsDeps) => ({
  upload: async (ctx: TenantCtx, input: { fileName: string; data: Buffer }) => {
    if (input.data.length > ATTACHMENT_MAX_BYTES) throw attachmentTooLarge();
    if (input.data.length === 0) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', message: 'The file is empty' }] });
    }
    const fileName = cleanName(input.fileName);
    const type = detectFileType(input.data, fileName);
    if (!type) {
      throw new AppError('FILE_TYPE_NOT_ALLOWED', {
        userMessage:
          'This kind of file cannot be attached. Allowed: PDF, images (PNG, JPEG, GIF, WebP, TIFF, HEIC), Office documents, ZIP, plain text and CSV.',
      });
    }
    const id = uuidv7();
    const portalContactId = ctx.actor.kind === 'portal' ? ctx.actor.contactId : null;
    // kesher_portal may not insert here: a customer's upload is written as staff. It is one
    // unattached row that only its uploader can later name (customer-writes.ts checks that).
    const scope: TenantScope = portalContactId ? { role: 'staff', tenantId: ctx.tenantId } : scopeOf(ctx);
    // Bytes first: a row never points at a file that is not there. A failed insert removes them.
    await deps.files.put(ctx.tenantId, id, input.data);
    try {
      return await deps.database.tenantTx(scope, async (tx) => {
        const [row] = await tx
          .insert(ticketAttachments)
          .values({
            tenantId: ctx.tenantId,
            id,
            fileName,
            contentType: type.contentType,
            size: input.data.length,
            sha256: createHash('sha256').update(input.data).digest('hex'),
            uploadedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
            uploadedByContactId: portalContactId,
            createdAt: deps.clock.now(),
          })
          .returning();
        if (!row) throw new Error('attachment insert returned nothing');
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'ticket_attachment.uploaded',
            { kind: 'ticket_attachment', id },
            { size: row.size },
          ),
        );
        return toAttachment(row);
      });
    } catch (e) {
      await deps.files.remove(ctx.tenantId, id).catch(() => {});
      throw e;
    }
  },

  /**
   * The attachment and a stream of its bytes; 404 for another tenant's id (RLS). With a portal ctx
   * the read runs as kesher_portal, whose policy shows only files of visible tickets and their
   * public messages; `ticketId` then must match too.
   */
  download: async (ctx: TenantCtx, id: string, opts: { ticketId?: string } = {}) => {
    const row = await deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const [r] = await tx
        .select()
        .from(ticketAttachments)
        .where(
          and(
            eq(ticketAttachments.id, id),
            opts.ticketId ? eq(ticketAttachments.ticketId, opts.ticketId) : undefined,
          ),
        )
        .limit(1);
      return r;
    });
    const notFound = new AppError('NOT_FOUND', { userMessage: 'Attachment not found.' });
    if (!row) throw notFound;
    const file = await deps.files.open(ctx.tenantId, id);
    if (!file) throw notFound;
    return { attachment: toAttachment(row), ...file };
  },
});

export type Attachments = ReturnType<typeof createAttachments>;
