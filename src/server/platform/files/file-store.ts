import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { uuidv7 } from '../ids.js';

/**
 * Where uploaded files' bytes live, keyed by tenant and file id (a UUID the database row holds).
 * The disk store keeps them under `<root>/<tenant>/<id>`; an S3-compatible store can implement
 * the same interface later.
 */
export type FileStore = {
  put(tenantId: string, id: string, data: Buffer): Promise<void>;
  /** A stream of the file, or null when it is not there. */
  open(tenantId: string, id: string): Promise<{ stream: Readable; size: number } | null>;
  remove(tenantId: string, id: string): Promise<void>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Files under `root` (DATA_DIR/files): one folder per tenant, written atomically (temp + rename). */
export const createDiskFileStore = (root: string): FileStore => {
  // Ids come from the database, but a path must never be built from anything else.
  const fileOf = (tenantId: string, id: string) => {
    if (!UUID.test(tenantId) || !UUID.test(id)) throw new Error('file store keys must be UUIDs');
    return path.join(root, tenantId, id);
  };
  return {
    async put(tenantId, id, data) {
      const file = fileOf(tenantId, id);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${uuidv7()}.tmp`;
      await writeFile(tmp, data, { mode: 0o600 });
      await rename(tmp, file);
    },
    async open(tenantId, id) {
      const file = fileOf(tenantId, id);
      try {
        const s = await stat(file);
        return { stream: createReadStream(file), size: s.size };
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return null;
        throw e;
      }
    },
    async remove(tenantId, id) {
      await rm(fileOf(tenantId, id), { force: true });
    },
  };
};
