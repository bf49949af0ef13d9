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
        at: z.number(),
      })
      .passthrough(),
  ),
});

/** Reads (and clears) what an aws-ses-v2-local compatible sink at `endpoint` has captured. */
export const mailSinkAt = (endpoint: string) => {
  const list = async (): Promise<SentMail[]> => {
    // A read changes nothing: one retry covers a kept-alive socket the sink closed meanwhile (ECONNRESET).
    const res = await fetch(`${endpoint}/store`).catch(() => fetch(`${endpoint}/store`));
    const store = StoreSchema.parse(await res.json());
    return store.emails.map((e) => ({
      to: e.destination.to,
      subject: e.subject,
      text: e.body.text ?? '',
      html: e.body.html ?? '',
      at: new Date(e.at * 1000).toISOString(),
    }));
  };
  const clear = async () => {
    await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  };
  return { endpoint, list, clear };
};

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
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return { ...sink, stop };
};
