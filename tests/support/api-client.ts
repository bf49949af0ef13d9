import type { SentMail } from '../../local/ses-local';

export interface Identity {
  sub: string;
  email: string;
  name?: string;
  groups: readonly string[];
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small HTTP client for the local API, signed in through POST /dev/token. */
export class ApiClient {
  private readonly tokens = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async token(who: Identity): Promise<string> {
    const key = `${who.sub}:${who.groups.join(',')}`;
    let t = this.tokens.get(key);
    if (!t) {
      const res = await fetch(`${this.baseUrl}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...who, groups: [...who.groups] }),
      });
      if (res.status !== 200) throw new Error(`dev token: ${res.status} ${await res.text()}`);
      t = ((await res.json()) as { token: string }).token;
      this.tokens.set(key, t);
    }
    return t;
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { as?: Identity; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /** What the server's mail list held at the last read: asked for again from where it ended. */
  private mailSeen: { list: string; mail: SentMail[] } = { list: '', mail: [] };

  /** Every e-mail the system sent (GET /dev/mail), reading only what is new since the last call. */
  async mail(): Promise<SentMail[]> {
    const seen = this.mailSeen;
    const res = await fetch(`${this.baseUrl}/dev/mail?list=${seen.list}&from=${seen.mail.length}`);
    const fresh = (await res.json()) as SentMail[];
    const from = Number(res.headers.get('x-mail-from'));
    // Another call may have read further meanwhile: keep the longer of the two.
    const mail = [...seen.mail.slice(0, from), ...fresh];
    const list = res.headers.get('x-mail-list') ?? '';
    if (list !== this.mailSeen.list || mail.length > this.mailSeen.mail.length) this.mailSeen = { list, mail };
    return mail;
  }

  /** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
  static async eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const v = await check();
        if (v !== undefined && v !== false) return v;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${last instanceof Error ? String(last) : JSON.stringify(last)}` : ''}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
