import type { CallBudget } from './call-budget.js';

/** A source refused or garbled a request; the message is for the admin (it lands on the run). */
export class ConnectorFetchError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ConnectorFetchError';
  }
}

export type RequestOpts = {
  headers: Record<string, string>;
  budget: CallBudget;
  // Priority drops requests past 3 minutes; give up a little before.
  timeoutMs?: number | undefined;
  /** Return the body as text (for $metadata XML) instead of parsing JSON. */
  xml?: boolean;
  /** Return the raw bytes (CSV/XLSX). */
  raw?: boolean;
  retries429?: number;
  /** Names the source in "Not a … response". */
  label?: string;
};

const DEFAULT_TIMEOUT_MS = 170_000;

const errorMessageOf = (text: string): string | undefined => {
  try {
    const j = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof j.error?.message === 'string' ? j.error.message : undefined;
  } catch {
    return undefined;
  }
};

/**
 * GET with the connector's call budget, a timeout, and 429 backoff (Retry-After honoured, capped).
 * Every failure becomes a ConnectorFetchError with a clear message.
 */
export const requestJson = async (url: string, o: RequestOpts): Promise<unknown> => {
  const retries = o.retries429 ?? 5;
  for (let attempt = 0; ; attempt++) {
    await o.budget.take();
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: o.xml ? 'application/xml' : 'application/json', ...o.headers },
        signal: AbortSignal.timeout(o.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (e) {
      const name = (e as Error).name;
      throw new ConnectorFetchError(
        name === 'TimeoutError'
          ? 'The source did not answer in time'
          : `Could not reach the source: ${(e as Error).message}`,
      );
    }
    if (res.status === 429) {
      await res.arrayBuffer().catch(() => undefined);
      const after = Number(res.headers.get('retry-after'));
      const waitMs = Number.isFinite(after) && after > 0 ? after * 1000 : 2 ** attempt * 1000;
      if (attempt >= retries || waitMs > o.budget.maxWaitMs) {
        throw new ConnectorFetchError(
          'The source is rate limiting us (429); the next run will try again',
          429,
        );
      }
      await o.budget.sleep(waitMs);
      continue;
    }
    if (o.raw && res.ok) return Buffer.from(await res.arrayBuffer());
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new ConnectorFetchError(`The response was cut off: ${(e as Error).message}`);
    }
    if (res.status === 401) throw new ConnectorFetchError('The source refused the credentials (401)', 401);
    if (res.status === 403) {
      throw new ConnectorFetchError(errorMessageOf(text) ?? 'The source refused access (403)', 403);
    }
    if (res.status === 404)
      throw new ConnectorFetchError('Not found at the source (404): check the URL and entity', 404);
    if (!res.ok) {
      // Priority's own messages (often Hebrew) tell the admin what is wrong; pass them through.
      throw new ConnectorFetchError(errorMessageOf(text) ?? `The source answered ${res.status}`, res.status);
    }
    if (o.xml) {
      if (!text.includes('<EntityType'))
        throw new ConnectorFetchError(`Not a ${o.label ?? 'Priority'} response ($metadata)`);
      return text;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ConnectorFetchError(
        'Not a Priority response: the body is not complete JSON (cut off or HTML)',
      );
    }
  }
};
