import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';
import { z } from 'zod';

/** What GET /dev/mail answers: every e-mail the system sent. */
export interface SentMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  at: string;
}

const StoreSchema = z.object({
  emails: z.array(
    z
      .object({
        destination: z.object({ to: z.array(z.string()).default([]) }).passthrough(),
        subject: z.string().default(''),
        body: z.object({ text: z.string().optional(), html: z.string().optional() }).default({}),
        messageId: z.string(),
        at: z.number(),
      })
      .passthrough(),
  ),
});

/**
 * Reads (and clears) what an aws-ses-v2-local compatible sink at `endpoint` has captured. The
 * sink keeps every e-mail and answers `GET /store?since=<epoch second>` with those stamped in
 * that second or later, so a read asks only for what is new since the last one and keeps the
 * rest: tests poll for mail every few milliseconds while thousands of letters go out.
 */
export const mailSinkAt = (endpoint: string) => {
  let known: SentMail[] = [];
  let ids = new Set<string>();
  let since = 0;
  const list = async (): Promise<SentMail[]> => {
    // A read changes nothing: one retry covers a kept-alive socket the sink closed meanwhile (ECONNRESET).
    const url = `${endpoint}/store?since=${since}`;
    const res = await fetch(url).catch(() => fetch(url));
    const store = StoreSchema.parse(await res.json());
    // The sink stamps whole seconds: the last second is asked for again, so what was read then is skipped.
    const fresh = store.emails.filter((e) => !ids.has(e.messageId));
    if (fresh.length === 0) return known;
    known = [
      ...known,
      ...fresh.map((e) => ({
        to: e.destination.to,
        subject: e.subject,
        text: e.body.text ?? '',
        html: e.body.html ?? '',
        at: new Date(e.at * 1000).toISOString(),
      })),
    ];
    for (const e of fresh) ids.add(e.messageId);
    since = Math.max(since, ...fresh.map((e) => e.at));
    return known;
  };
  const clear = async () => {
    await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    known = [];
    ids = new Set();
    since = 0;
  };
  return { endpoint, list, clear };
};

/**
 * The sinks running in this process. aws-ses-v2-local keeps its store in the package's module,
 * one per process however many sinks listen: the last sink to stop empties it, so a test file
 * that runs after another in the same worker starts with no mail.
 */
const running = ((globalThis as typeof globalThis & { [key: symbol]: Set<object> | undefined })[Symbol.for('exam-forms.ses-local.running')] ??= new Set<object>());

/** Starts the SES v2 mail sink (aws-ses-v2-local) on a loopback port. */
export const startSesLocal = async (port = 0) => {
  // The package is CommonJS; its start function sits at .default (or .default.default in ESM).
  const mod = sesLocal as unknown as { default?: unknown };
  const start = (typeof mod === 'function' ? mod : typeof mod.default === 'function' ? mod.default : (mod.default as { default: unknown }).default) as (c: {
    host: string;
    port: number;
  }) => Promise<Server>;
  const server = await start({ host: '127.0.0.1', port });
  const sink = mailSinkAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  running.add(server);
  const stop = async () => {
    running.delete(server);
    if (running.size === 0) await sink.clear().catch(() => undefined);
    await new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  };
  return { ...sink, stop };
};
