import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, STAFF, midtermBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';
import { decide, mailsAbout } from '../support/workflow';

/**
 * The submitter's language travels with the registration: submitted from the web app in
 * Bokmål (Accept-Language: nb), the outcome e-mail is in Bokmål and names the Education
 * Division as UA; submitted without a language, in English. Approver mailboxes get both.
 */
let system: Awaited<ReturnType<typeof startTestSystem>>['system'];
let api: ApiClient;

beforeAll(async () => {
  ({ system, api } = await startTestSystem());
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

describe('e-mails to staff in their language', { timeout: 60_000 }, () => {
  it.each([
    ['nb-NO,nb;q=0.9,en;q=0.5', 'nb', 'Endringer etterspurt: TDT4100', '— Eva ED, Utdanningsavdelingen (UA)'],
    ['en-GB', 'en', 'Changes requested: TDT4100', '— Eva ED, Education Division (ED)'],
    [undefined, undefined, 'Changes requested: TDT4100', '— Eva ED, Education Division (ED)'],
  ] as const)('Accept-Language %s: stored as %s, the outcome mail "%s…"', async (header, stored, subject, signed) => {
    const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody(), headers: header ? { 'accept-language': header } : {} });
    expect(res.status).toBe(201);
    expect(res.body.language).toBe(stored);
    const id = res.body.id as string;
    await ApiClient.eventually(async () => (await mailsAbout({ api }, id)).filter((m) => /Decision wanted/.test(m.subject)).length >= 2, 15_000, 'approver mails');
    // Approver mailboxes: English, then Bokmål, whatever the submitter's language.
    const approverMail = (await mailsAbout({ api }, id)).find((m) => m.subject.startsWith('[ED] Decision wanted'));
    expect(approverMail?.text).toContain('Beslutning ønskes (Utdanningsavdelingen (UA))');
    expect(approverMail?.text).not.toMatch(ISO_DATE);

    expect((await decide({ api }, ED_APPROVER, id, 'ED', 'request-changes', 'Move the exam a week later')).status).toBe(200);
    const outcome = await ApiClient.eventually(
      async () => (await mailsAbout({ api }, id)).find((m) => m.to.includes(STAFF.email) && m.subject.startsWith(subject)),
      15_000,
      'outcome mail',
    );
    expect(outcome.text).toContain(`> Move the exam a week later\n${signed}`);
    expect(outcome.subject).not.toMatch(ISO_DATE);
  });

  it('keeps the submitter’s language when the registration is read back', async () => {
    const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody(), headers: { 'accept-language': 'no' } });
    const read = await api.request('GET', `/registrations/${res.body.id}`, { as: STAFF });
    expect(read.body.language).toBe('nb');
  });
});
