// A tiny HTTP client for the demo seed: one cookie jar per signed-in person, JSON in and out,
// and a problem+json body in the error when a call fails (the seed stops at the first failure).

export class DemoClient {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly bearer?: string,
  ) {}

  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.cookies.size > 0) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    // Same-origin, as a browser on the app's own page would send it (CSRF checks the Origin).
    h.origin = this.baseUrl;
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: h,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get = <T>(path: string) => this.call<T>('GET', path);
  post = <T>(path: string, body?: unknown) => this.call<T>('POST', path, body ?? {});
  put = <T>(path: string, body: unknown) => this.call<T>('PUT', path, body);
  patch = <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    this.call<T>('PATCH', path, body, headers);
}

export const waitForReady = async (baseUrl: string, timeoutMs = 180_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(new URL('/readyz', baseUrl));
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`Kesher did not become ready at ${baseUrl}`);
    await new Promise((r) => setTimeout(r, 500));
  }
};
