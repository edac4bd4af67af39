import { AppError } from '../errors/app-error.js';

// Optimistic concurrency for PATCH/PUT: the client says which version it read.

/** The version a PATCH read: `If-Match: "3"` (or W/"3") or `version` in the body. */
export const expectedVersion = (ifMatch: string | undefined, bodyVersion: number | undefined): number => {
  const fromHeader = ifMatch ? Number(ifMatch.replace(/^W\//, '').replaceAll('"', '')) : undefined;
  const v = fromHeader ?? bodyVersion;
  if (v === undefined || !Number.isInteger(v)) {
    throw new AppError('PRECONDITION_REQUIRED', {
      userMessage:
        'Send the version you read (If-Match header or "version") so changes are never overwritten silently.',
    });
  }
  return v;
};

export const versionConflict = (current: unknown) =>
  new AppError('VERSION_CONFLICT', {
    userMessage:
      'Someone else changed this record since you opened it. Review the current values and try again.',
    extra: { current },
  });

export const notFound = (what: string) => new AppError('NOT_FOUND', { userMessage: `${what} not found.` });
