import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { App } from '../../../app.js';

/** A multipart/form-data body with an `entity` field and one `file` part. */
export const multipart = (
  fields: Record<string, string>,
  file: { name: string; data: Buffer; type?: string } | undefined,
) => {
  const boundary = `----kesher${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${
          file.type ?? 'application/octet-stream'
        }\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

export const upload = (
  app: App,
  headers: Record<string, string>,
  entity: string,
  file: { name: string; data: Buffer; type?: string },
) => {
  const body = multipart({ entity }, file);
  return app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
};

/** Windows-1255 bytes for Hebrew letters (א–ת are 0xE0–0xFA) and ASCII. */
export const cp1255 = (text: string): Buffer =>
  Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      if (c < 0x80) return c;
      if (c >= 0x5d0 && c <= 0x5ea) return 0xe0 + (c - 0x5d0);
      throw new Error(`no cp1255 byte for ${ch}`);
    }),
  );

export const xlsxOf = async (rows: unknown[][], style?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('לקוחות');
  for (const r of rows) ws.addRow(r);
  style?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

/** Polls GET /imports/:id until the run ends. */
export const waitForImport = async (app: App, headers: Record<string, string>, id: string) => {
  for (let i = 0; i < 600; i++) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    if (body.status === 'completed' || body.status === 'failed') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
};

/** Upload → preview → commit → wait; returns every step's body. */
export const runFullImport = async (
  app: App,
  headers: Record<string, string>,
  entity: 'account' | 'contact',
  file: { name: string; data: Buffer },
  opts: { duplicatePolicy?: 'skip' | 'update' | 'create'; mapping?: Record<string, string | null> } = {},
) => {
  const up = await upload(app, headers, entity, file);
  expect(up.statusCode, up.body).toBe(201);
  const uploaded = up.json();
  const pv = await app.inject({
    method: 'POST',
    url: `/api/v1/imports/${uploaded.id}/preview`,
    headers,
    payload: {
      mapping: opts.mapping ?? uploaded.suggestedMapping,
      duplicatePolicy: opts.duplicatePolicy ?? 'skip',
    },
  });
  expect(pv.statusCode, pv.body).toBe(200);
  const commit = await app.inject({
    method: 'POST',
    url: `/api/v1/imports/${uploaded.id}/commit`,
    headers,
    payload: {},
  });
  expect(commit.statusCode, commit.body).toBe(202);
  const done = await waitForImport(app, headers, uploaded.id);
  return { uploaded, preview: pv.json(), commit: commit.json(), done };
};
