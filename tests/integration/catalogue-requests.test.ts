import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IT_APPROVER, STAFF, catalogueEntryBody, softwareBody, webServiceEntryBody } from '../support/fixtures';
import type { Identity } from '../support/api-client';
import { startTestSystem } from '../support/local-system';
import { submitAndWaitForApprovers, waitForStatus } from '../support/workflow';

/**
 * Software requests built from the catalogue, against the local system: a program picked from
 * the catalogue is stored as the revision says and keeps that revision after the entry changes;
 * unknown and retired entries are refused by field; a proposal becomes an entry when IT approves
 * the request with `addToCatalogue`, once, and never without the approval.
 */

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const IT_OTHER: Identity = { sub: 'iris-it', email: 'iris@example.edu', name: 'Iris IT', groups: ['IT'] };

const addEntry = async (body: Record<string, unknown>) => {
  const res = await ctx.api.request('POST', '/catalogue', { as: IT_APPROVER, body });
  if (res.status !== 201) throw new Error(`catalogue: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; revision: number; name: string; version: string | null; url: string | null };
};
const picked = (entryId: string, revision = 1) => ({
  name: 'typed by the teacher',
  version: null,
  licence: 'other',
  webService: false,
  url: null,
  platforms: ['linux'],
  catalogue: { entryId, revision },
});
const proposal = { name: 'GeoGebra', version: '6', licence: 'free', webService: false, url: null, platforms: ['windows', 'macos'] };
const count = async () => (await ctx.api.request('GET', '/registrations?limit=100', { as: STAFF })).body.items.length;

describe('a request built from the catalogue', () => {
  it('stores each picked program as its revision says, and keeps that revision after IT edits the entry', async () => {
    const matlab = await addEntry(catalogueEntryBody());
    const lovdata = await addEntry(webServiceEntryBody());
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ software: [picked(matlab.id), picked(lovdata.id), proposal] }));
    expect(r.form.software).toEqual([
      {
        name: 'MATLAB',
        version: 'R2024b',
        licence: 'campus',
        webService: false,
        url: null,
        platforms: ['windows', 'macos'],
        catalogue: { entryId: matlab.id, revision: 1 },
      },
      {
        name: 'Lovdata Pro',
        version: null,
        licence: 'campus',
        webService: true,
        url: 'https://lovdata.no/pro',
        platforms: ['web'],
        catalogue: { entryId: lovdata.id, revision: 1 },
      },
      proposal,
    ]);
    // A web service on a school exam: ED is asked too (R3), as for one typed in by hand.
    expect(r.derived.approvers).toEqual(['ED', 'IT']);

    const edit = await ctx.api.request('PUT', `/catalogue/${matlab.id}`, {
      as: IT_APPROVER,
      body: { basedOnRevision: 1, entry: catalogueEntryBody({ version: 'R2025a' }) },
    });
    expect(edit.status).toBe(200);
    const stored = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body;
    expect(stored.form.software[0]).toMatchObject({ version: 'R2024b', catalogue: { entryId: matlab.id, revision: 1 } });

    // The students are told how to install and test each chosen entry, as the revision the request named says.
    const letter = (await ctx.api.request('GET', `/registrations/${r.id}/letter`, { as: STAFF })).body;
    expect(letter.text).toContain('How to install and test MATLAB R2024b:');
    expect(letter.text).toContain((catalogueEntryBody().instructions as { en: string }).en);
    expect(letter.text).toContain('Slik installerer og tester du Lovdata Pro:');
    expect(letter.text).not.toContain('How to install and test GeoGebra');
  });

  it('an unknown entry, an unknown revision or a retired entry is refused by field, and nothing is stored', async () => {
    const retired = await addEntry(catalogueEntryBody({ name: 'Old program' }));
    await ctx.api.request('POST', `/catalogue/${retired.id}/retire`, { as: IT_APPROVER, body: { basedOnRevision: 1, comment: 'Gone' } });
    const known = await addEntry(catalogueEntryBody());
    const before = await count();
    const res = await ctx.api.request('POST', '/registrations', {
      as: STAFF,
      body: softwareBody({ software: [proposal, picked(randomUUID()), picked(known.id, 2), picked(retired.id, 1)] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['software.1.catalogue', 'UNKNOWN_CATALOGUE_ENTRY'],
      ['software.2.catalogue', 'UNKNOWN_CATALOGUE_ENTRY'],
      ['software.3.catalogue', 'CATALOGUE_ENTRY_RETIRED'],
    ]);
    const malformed = await ctx.api.request('POST', '/registrations', {
      as: STAFF,
      body: softwareBody({ software: [{ ...picked(known.id), catalogue: { entryId: 'x y', revision: 0 } }] }),
    });
    expect(malformed.body.errors.map((e: { path: string }) => e.path)).toEqual(['software.0.catalogue.entryId', 'software.0.catalogue.revision']);
    expect(await count()).toBe(before);
  });
});

describe('a proposal added to the catalogue when IT approves', () => {
  const option = (software: number, name = `GeoGebra ${randomUUID().slice(0, 6)}`) => ({
    software,
    entry: catalogueEntryBody({ name, licence: { kind: 'free', seats: null } }),
  });

  it('the approval adds the entry once, links it in the history, and a second click adds nothing', async () => {
    const matlab = await addEntry(catalogueEntryBody());
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ software: [picked(matlab.id), proposal] }));
    const body = { group: 'IT', decision: 'approve', comment: 'Tested', addToCatalogue: [option(1)] };
    const [first, second] = await Promise.all([1, 2].map(() => ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: IT_APPROVER, body })));
    expect([first?.status, second?.status].sort()).toEqual([200, 409]);
    await waitForStatus(ctx, STAFF, r.id, 'APPROVED');

    const entry = await ctx.api.request('GET', `/catalogue/${r.id}-1`, { as: STAFF });
    expect(entry.status).toBe(200);
    expect(entry.body.entry).toMatchObject({ name: body.addToCatalogue[0]?.entry.name, revision: 1, updatedBy: { sub: IT_APPROVER.sub } });
    expect(entry.body.revisions).toHaveLength(1);
    expect(entry.body.revisions[0].comment).toContain(r.id);

    const history = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body.history;
    const added = history.filter((h: { action: string }) => h.action === 'ADDED_TO_CATALOGUE');
    expect(added.map((h: { details: unknown }) => h.details)).toEqual([{ entries: [{ software: 1, entryId: `${r.id}-1`, revision: 1 }] }]);
  });

  it('is refused by field with anything but an IT approval, or for a program that is not a proposal; nothing is decided or added', async () => {
    const matlab = await addEntry(catalogueEntryBody());
    const r = await submitAndWaitForApprovers(ctx, STAFF, softwareBody({ software: [picked(matlab.id), proposal] }));
    const tries: [Record<string, unknown>, string[]][] = [
      [{ group: 'IT', decision: 'request-changes', comment: 'Which version?', addToCatalogue: [option(1)] }, ['addToCatalogue']],
      [{ group: 'IT', decision: 'approve', addToCatalogue: [option(0)] }, ['addToCatalogue.0.software']],
      [{ group: 'IT', decision: 'approve', addToCatalogue: [option(1), option(1)] }, ['addToCatalogue.1.software']],
      [{ group: 'IT', decision: 'approve', addToCatalogue: [option(5)] }, ['addToCatalogue.0.software']],
      [
        { group: 'IT', decision: 'approve', addToCatalogue: [{ software: 1, entry: catalogueEntryBody({ sebUrlPatterns: ['*'] }) }] },
        ['addToCatalogue.0.entry.sebUrlPatterns.0'],
      ],
    ];
    for (const [body, paths] of tries) {
      const res = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: IT_APPROVER, body });
      expect({ body, status: res.status, paths: res.body.errors?.map((e: { path: string }) => e.path) }).toEqual({ body, status: 400, paths });
    }
    // Staff may not decide, so nothing is added for them either.
    const staff = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, {
      as: STAFF,
      body: { group: 'IT', decision: 'approve', addToCatalogue: [option(1)] },
    });
    expect(staff.status).toBe(403);
    const after = (await ctx.api.request('GET', `/registrations/${r.id}`, { as: STAFF })).body;
    expect(after.approvals.map((a: { state: string }) => a.state)).toEqual(['PENDING']);
    expect((await ctx.api.request('GET', `/catalogue/${r.id}-1`, { as: STAFF })).status).toBe(404);
    // Another IT approver approves it plainly afterwards.
    const plain = await ctx.api.request('POST', `/registrations/${r.id}/decisions`, { as: IT_OTHER, body: { group: 'IT', decision: 'approve' } });
    expect(plain.status).toBe(200);
  });
});
