import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IT_APPROVER, ED_APPROVER, STAFF, catalogueEntryBody, webServiceEntryBody } from '../support/fixtures';
import { startTestSystem } from '../support/local-system';

/**
 * The software catalogue over HTTP against the local system: IT creates, edits and retires
 * entries; every change is a revision with its audit line; old revisions stay readable; an edit
 * based on an old revision is refused; bad input is a 400 naming the field, and nothing is stored.
 */

let ctx: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  ctx = await startTestSystem();
});
afterAll(async () => ctx?.system.stop());

const create = (body: unknown, as: typeof IT_APPROVER | typeof STAFF = IT_APPROVER) => ctx.api.request('POST', '/catalogue', { as, body });
const fieldErrors = (body: { errors?: { path: string; code: string }[] }) => (body.errors ?? []).map((e) => [e.path, e.code]);

describe('catalogue entries', () => {
  it('IT creates an entry at revision 1; staff find it by a word of its name, vendor or version, in any case', async () => {
    const name = `Stata ${randomUUID().slice(0, 8)}`;
    const res = await create(catalogueEntryBody({ name, vendor: 'StataCorp', version: '18' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name, revision: 1, retired: false, licence: { kind: 'campus', seats: 100 }, updatedBy: { sub: IT_APPROVER.sub } });

    for (const q of [name.toLowerCase(), 'statacorp', `${name.split(' ')[1]} 18`]) {
      const list = await ctx.api.request('GET', `/catalogue?q=${encodeURIComponent(q)}`, { as: STAFF });
      expect(list.status).toBe(200);
      expect(list.body.items.map((e: { id: string }) => e.id)).toContain(res.body.id);
    }
    const none = await ctx.api.request('GET', `/catalogue?q=${encodeURIComponent(`${name} nothing-like-it`)}`, { as: STAFF });
    expect(none.body.items).toEqual([]);
  });

  it('an edit is a new revision; the old one stays readable and the audit trail says who, what and why', async () => {
    const created = (await create(catalogueEntryBody())).body;
    const edit = await ctx.api.request('PUT', `/catalogue/${created.id}`, {
      as: IT_APPROVER,
      body: { basedOnRevision: 1, entry: catalogueEntryBody({ version: 'R2025a' }), comment: 'New campus release' },
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ id: created.id, revision: 2, version: 'R2025a', createdAt: created.createdAt });

    const first = await ctx.api.request('GET', `/catalogue/${created.id}/revisions/1`, { as: STAFF });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ revision: 1, version: 'R2024b', action: 'CREATED' });

    const view = await ctx.api.request('GET', `/catalogue/${created.id}`, { as: ED_APPROVER });
    expect(view.body.entry.revision).toBe(2);
    expect(
      view.body.revisions.map((r: { revision: number; action: string; comment: string | null; by: { sub: string } }) => [r.revision, r.action, r.comment, r.by.sub]),
    ).toEqual([
      [1, 'CREATED', null, IT_APPROVER.sub],
      [2, 'EDITED', 'New campus release', IT_APPROVER.sub],
    ]);
  });

  it('of two edits based on the same revision, one is kept and the other is 409 CONCURRENT_CHANGE', async () => {
    const created = (await create(catalogueEntryBody())).body;
    const edits = await Promise.all(
      ['R2025a', 'R2025b'].map((version) =>
        ctx.api.request('PUT', `/catalogue/${created.id}`, { as: IT_APPROVER, body: { basedOnRevision: 1, entry: catalogueEntryBody({ version }) } }),
      ),
    );
    expect(edits.map((e) => e.status).sort()).toEqual([200, 409]);
    expect(edits.find((e) => e.status === 409)?.body.code).toBe('CONCURRENT_CHANGE');
    const view = await ctx.api.request('GET', `/catalogue/${created.id}`, { as: IT_APPROVER });
    expect(view.body.revisions).toHaveLength(2);
    expect(view.body.entry.version).toBe(edits.find((e) => e.status === 200)?.body.version);

    const stale = await ctx.api.request('PUT', `/catalogue/${created.id}`, { as: IT_APPROVER, body: { basedOnRevision: 1, entry: catalogueEntryBody() } });
    expect(stale.status).toBe(409);
  });

  it('a retired entry leaves the search but stays readable, with every revision; retiring twice is 409', async () => {
    const created = (await create(webServiceEntryBody({ name: `Retired ${randomUUID().slice(0, 8)}` }))).body;
    const noReason = await ctx.api.request('POST', `/catalogue/${created.id}/retire`, { as: IT_APPROVER, body: { basedOnRevision: 1, comment: ' ' } });
    expect(noReason.status).toBe(400);
    expect(fieldErrors(noReason.body)).toEqual([['comment', 'required']]);

    const retired = await ctx.api.request('POST', `/catalogue/${created.id}/retire`, { as: IT_APPROVER, body: { basedOnRevision: 1, comment: 'Licence ended' } });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ revision: 2, retired: true });

    const search = await ctx.api.request('GET', `/catalogue?q=${encodeURIComponent(created.name)}`, { as: STAFF });
    expect(search.body.items).toEqual([]);
    const withRetired = await ctx.api.request('GET', `/catalogue?retired=include&q=${encodeURIComponent(created.name)}`, { as: STAFF });
    expect(withRetired.body.items.map((e: { id: string; retired: boolean }) => [e.id, e.retired])).toEqual([[created.id, true]]);
    expect((await ctx.api.request('GET', `/catalogue/${created.id}/revisions/1`, { as: STAFF })).body.sebUrlPatterns).toEqual(created.sebUrlPatterns);

    const again = await ctx.api.request('POST', `/catalogue/${created.id}/retire`, { as: IT_APPROVER, body: { basedOnRevision: 2, comment: 'Again' } });
    expect(again.status).toBe(409);
  });
});

describe('bad input is a 400 naming the field, and nothing is stored', () => {
  const cases: [string, Record<string, unknown>, [string, string][]][] = [
    ['no name', catalogueEntryBody({ name: '  ' }), [['name', 'required']]],
    ['no platform', catalogueEntryBody({ platforms: [] }), [['platforms', 'too_small']]],
    ['an unknown kind', catalogueEntryBody({ kind: 'plugin' }), [['kind', 'invalid_value']]],
    ['half a seat', catalogueEntryBody({ licence: { kind: 'campus', seats: 2.5 } }), [['licence.seats', 'not_integer']]],
    ['no seats', catalogueEntryBody({ licence: { kind: 'campus', seats: 0 } }), [['licence.seats', 'too_small']]],
    ['no Bokmål instructions', catalogueEntryBody({ instructions: { en: 'Install it' } }), [['instructions.nb', 'required']]],
    ['a web service without patterns', webServiceEntryBody({ sebUrlPatterns: [] }), [['sebUrlPatterns', 'SEB_PATTERNS_REQUIRED']]],
    [
      'patterns that are not SEB patterns',
      webServiceEntryBody({ sebUrlPatterns: ['https://lovdata.no/*', 'not a pattern', '*', 'javascript:alert(1)', 'https://*/*', 'https://x.no/"><'] }),
      [
        ['sebUrlPatterns.1', 'INVALID_URL_PATTERN'],
        ['sebUrlPatterns.2', 'INVALID_URL_PATTERN'],
        ['sebUrlPatterns.3', 'INVALID_URL_PATTERN'],
        ['sebUrlPatterns.4', 'INVALID_URL_PATTERN'],
        ['sebUrlPatterns.5', 'INVALID_URL_PATTERN'],
      ],
    ],
    ['an unknown field', catalogueEntryBody({ price: 12 }), [['price', 'unrecognized_key']]],
    ['a line break in the name', catalogueEntryBody({ name: 'MATLAB\nBcc: x' }), [['name', 'invalid_format']]],
  ];

  it.each(cases)('%s', async (_what, body, errors) => {
    const name = `Bad ${randomUUID()}`;
    const res = await create({ ...body, ...(body.name === catalogueEntryBody().name ? { name } : {}) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fieldErrors(res.body)).toEqual(errors);
    const list = await ctx.api.request('GET', `/catalogue?q=${encodeURIComponent(name)}`, { as: IT_APPROVER });
    expect(list.body.items).toEqual([]);
  });

  it('an edit without its base revision, or with a bad entry, names the field; the entry is unchanged', async () => {
    const created = (await create(catalogueEntryBody())).body;
    const noBase = await ctx.api.request('PUT', `/catalogue/${created.id}`, { as: IT_APPROVER, body: { entry: catalogueEntryBody() } });
    expect(fieldErrors(noBase.body)).toEqual([['basedOnRevision', 'required']]);
    const bad = await ctx.api.request('PUT', `/catalogue/${created.id}`, {
      as: IT_APPROVER,
      body: { basedOnRevision: 1, entry: catalogueEntryBody({ sebUrlPatterns: ['https://ok.no/', 'two words'] }) },
    });
    expect(fieldErrors(bad.body)).toEqual([['entry.sebUrlPatterns.1', 'INVALID_URL_PATTERN']]);
    expect((await ctx.api.request('GET', `/catalogue/${created.id}`, { as: IT_APPROVER })).body.revisions).toHaveLength(1);
  });

  it('a query that is too long is 400; unknown ids and revisions are 404', async () => {
    expect((await ctx.api.request('GET', `/catalogue?q=${'a'.repeat(101)}`, { as: STAFF })).status).toBe(400);
    expect((await ctx.api.request('GET', `/catalogue?retired=all`, { as: STAFF })).status).toBe(400);
    const created = (await create(catalogueEntryBody())).body;
    for (const path of [
      `/catalogue/${randomUUID()}`,
      `/catalogue/${created.id}/revisions/2`,
      `/catalogue/${created.id}/revisions/0`,
      `/catalogue/${created.id}/revisions/x`,
    ]) {
      expect({ path, status: (await ctx.api.request('GET', path, { as: STAFF })).status }).toEqual({ path, status: 404 });
    }
  });
});
