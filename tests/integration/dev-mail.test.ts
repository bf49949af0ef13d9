import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailSinkAt, startSesLocal } from '../../local/ses-local';
import { ApiClient } from '../support/api-client';
import { startTestSystem } from '../support/local-system';

/**
 * Local mode's mail: the sink is read for what is new only (GET /store?since=…), and
 * GET /dev/mail answers a client with what it does not hold yet. Reading in steps must give
 * exactly what one full read gives, whatever the client sends.
 */
let ctx: Awaited<ReturnType<typeof startTestSystem>>;
let ses: SESv2Client;
beforeAll(async () => {
  ctx = await startTestSystem();
  ses = new SESv2Client({ endpoint: process.env.AWS_ENDPOINT_URL_SESV2, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => ctx?.system.stop());

const send = (to: string, subject: string, client = ses) =>
  client.send(
    new SendEmailCommand({
      FromEmailAddress: 'exam-forms@example.edu',
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: `About ${subject}` } } } },
    }),
  );

const devMail = async (query: string) => {
  const res = await fetch(`${ctx.system.url}/dev/mail${query}`);
  return { from: res.headers.get('x-mail-from'), list: res.headers.get('x-mail-list'), mail: (await res.json()) as { subject: string }[] };
};

describe('GET /dev/mail', () => {
  it('read after every e-mail, in steps, gives each e-mail once and in order, as one full read does', async () => {
    const stepwise = new ApiClient(ctx.system.url);
    const before = (await stepwise.mail()).length;
    // Most of these go out within one second: the sink's timestamps cannot tell them apart.
    for (let i = 0; i < 25; i++) {
      await send(`s${i}@stud.example.edu`, `step ${i}`);
      const mail = await stepwise.mail();
      expect(mail.slice(before).map((m) => m.subject)).toEqual(Array.from({ length: i + 1 }, (_, j) => `step ${j}`));
    }
    expect(await new ApiClient(ctx.system.url).mail()).toEqual(await stepwise.mail());
  });

  it('two reads at once, from one client, both get the whole list', async () => {
    const client = new ApiClient(ctx.system.url);
    await client.mail();
    await Promise.all([send('a@stud.example.edu', 'race a'), send('b@stud.example.edu', 'race b')]);
    const [one, two] = await Promise.all([client.mail(), client.mail()]);
    expect(one).toEqual(two);
    expect(
      one
        .filter((m) => m.subject.startsWith('race '))
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['race a', 'race b']);
  });

  it('starts at 0 for a list it does not know, or a start it cannot honour', async () => {
    await send('c@stud.example.edu', 'known');
    const full = await devMail('');
    expect(full.from).toBe('0');
    const n = full.mail.length;
    expect(n).toBeGreaterThan(1);
    expect(await devMail(`?list=${full.list}&from=${n - 1}`)).toEqual({ from: String(n - 1), list: full.list, mail: full.mail.slice(n - 1) });
    expect(await devMail(`?list=${full.list}&from=${n}`)).toEqual({ from: String(n), list: full.list, mail: [] });
    for (const query of [
      `?list=other&from=1`,
      `?from=1`,
      `?list=${full.list}&from=${n + 1}`,
      `?list=${full.list}&from=-1`,
      `?list=${full.list}&from=1.5`,
      `?list=${full.list}&from=x`,
    ])
      expect(await devMail(query), query).toEqual({ from: '0', list: full.list, mail: full.mail });
  });
});

describe('the mail sink', () => {
  it('keeps its mail while another sink in the process stops; the last one to stop empties the store', async () => {
    // This process's sinks share one store (aws-ses-v2-local keeps it in its module).
    const a = await startSesLocal();
    const b = await startSesLocal();
    const viaA = new SESv2Client({ endpoint: a.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await send('d@stud.example.edu', 'kept while a sink stops', viaA);
    await a.stop();
    expect((await b.list()).map((m) => m.subject)).toContain('kept while a sink stops');
    // The system's own sink is still running: stopping b leaves the store as it is.
    await b.stop();
    expect((await ctx.api.mail()).map((m) => m.subject)).toContain('kept while a sink stops');
  });

  it('a reader that starts late gets everything already there', async () => {
    const late = mailSinkAt(process.env.AWS_ENDPOINT_URL_SESV2 ?? '');
    expect((await late.list()).map((m) => m.subject)).toEqual((await ctx.api.mail()).map((m) => m.subject));
  });

  // Last: it stops the system.
  it('when the last sink in the process stops, the next one starts with no mail (the next test file in this worker)', async () => {
    expect((await ctx.api.mail()).length).toBeGreaterThan(0);
    await ctx.system.stop();
    const next = await startSesLocal();
    expect(await next.list()).toEqual([]);
    await next.stop();
  });
});
