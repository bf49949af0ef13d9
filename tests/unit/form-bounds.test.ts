import { describe, expect, it } from 'vitest';
import { RulesConfigSchema } from '../../shared/contracts/env';
import { checkInput } from '../../shared/contracts/parse';
import { MAX_FORM_BYTES, MAX_URL_LENGTH, type Registration, RegistrationInputSchema, type SoftwareItem } from '../../shared/contracts/registration';
import type { MailContext } from '../../shared/mail/render';
import { renderApprovalRequest, renderOutcome } from '../../shared/mail/render';
import { renderExamInformationLetter, renderSoftwareNotice } from '../../shared/mail/student-letter';
import { approvedSoftwareFor } from '../../shared/notices/dispatch';
import type { RegistrationQueries } from '../../shared/ports';
import { deriveRegistration } from '../../shared/rules/exam-rules';
import { MAX_CHANGES_BYTES, formChanges } from '../../shared/rules/form-changes';
import { midtermBody } from '../support/fixtures';

/**
 * What one form may hold is bounded, so everything made from it (the stored item, the student
 * letter, the approval e-mail) fits in one DynamoDB item (400 KB) with room to spare, and one
 * registration's data can never make another's letter fail.
 */
const rules = RulesConfigSchema.parse({});
const ctx: MailContext = { appBaseUrl: 'https://exam-forms.example.edu', timeZone: 'Europe/Oslo', phones: { general: '73 59 66 00', duringExam: '73 59 66 01' } };
const DYNAMODB_ITEM_BYTES = 400 * 1024;
const bytes = (x: unknown) => Buffer.byteLength(typeof x === 'string' ? x : JSON.stringify(x), 'utf8');

/** A URL of exactly `length` characters, with characters HTML must escape. */
const urlOf = (length: number, i: number) => {
  const head = `https://service${i}.example.edu/a?b=1&c=<"x">&p=`;
  return head + 'y'.repeat(length - head.length);
};
const longest = (i: number, urlLength = MAX_URL_LENGTH): SoftwareItem => ({
  name: `Web service ${i} `.padEnd(120, 'ø'),
  version: 'v'.repeat(60),
  licence: 'other',
  webService: true,
  url: urlOf(urlLength, i),
  platforms: ['windows', 'macos', 'linux', 'web'],
});
/** The largest software request the schema allows, field by field. */
const largestBody = (software = 30, externalUrls = 30, urlLength = MAX_URL_LENGTH) => ({
  ...midtermBody({
    course: { code: 'TDT4100', name: 'Æ'.repeat(200) },
    department: 'D'.repeat(100),
    questionSet: {
      uploadAssignments: 100,
      handDrawings: true,
      zipSubmission: true,
      externalUrls: Array.from({ length: externalUrls }, (_, i) => urlOf(urlLength, 100 + i)),
    },
    studentInfo: { citationRules: 'c'.repeat(500), demoTestUrl: urlOf(urlLength, 200), coverPageUrl: urlOf(urlLength, 201) },
    notes: '<b>n</b>\n'.repeat(400),
  }),
  kind: 'software',
  software: Array.from({ length: software }, (_, i) => longest(i, urlLength)),
});

const registrationOf = (form: Registration['form'], owner = 'kari'): Registration => ({
  id: `reg-${owner}`,
  kind: form.kind,
  form,
  status: 'APPROVED',
  round: 1,
  derived: deriveRegistration(form, rules),
  owner: { sub: owner, email: `${owner}@example.edu`, name: owner },
  createdAt: '2027-01-04T12:00:00.000Z',
  updatedAt: '2027-01-04T12:00:00.000Z',
  approvals: [],
  history: [],
});

/** Every free-text string of a form with some letters swapped: as large, still valid, and different in every text field. */
const swapped = (x: unknown): unknown => {
  const swap: Record<string, string> = { y: 'x', ø: 'å', Æ: 'Å', D: 'E', c: 'd', v: 'w', n: 'm' };
  if (typeof x === 'string') return x.replace(/[yøÆDcvn]/g, (ch) => swap[ch] ?? ch);
  if (Array.isArray(x)) return x.map(swapped);
  const choices = ['kind', 'type', 'licence', 'platforms', 'start'];
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, choices.includes(k) ? v : swapped(v)]));
  return x;
};

/**
 * Staff e-mails are not stored: their bound is SES's (10 MB a message) by far, and they carry
 * every configured language one after the other. One DynamoDB item's size keeps even the
 * largest form's bilingual approval e-mail a readable message.
 */
const STAFF_MAIL_BYTES = DYNAMODB_ITEM_BYTES;

describe('the bounds of a form', () => {
  it('a resubmission that changes every field of the largest form keeps its changes, the stored registration and the approval e-mail within their bounds', () => {
    const before = checkInput(RegistrationInputSchema, largestBody());
    const after = checkInput(RegistrationInputSchema, swapped(largestBody()));
    expect(after.success ? [] : after.errors).toEqual([]);
    if (!before.success || !after.success) return;
    const changes = formChanges(before.data, after.data);
    expect(changes.length).toBeGreaterThanOrEqual(100);
    expect(bytes(changes.filter((c) => !c.truncated))).toBeLessThanOrEqual(MAX_CHANGES_BYTES);
    expect(changes.at(-1)).toMatchObject({ truncated: true, before: null, after: null });

    const r = { ...registrationOf(after.data), round: 2, changes };
    expect(bytes(r)).toBeLessThan(DYNAMODB_ITEM_BYTES / 4);
    const mail = renderApprovalRequest(r, 'ED', 'initial', 'https://exam-forms.example.edu/approve/x', ctx);
    expect(bytes(mail.subject) + bytes(mail.text) + bytes(mail.html)).toBeLessThan(STAFF_MAIL_BYTES);
    expect(mail.text).toContain('Changed since round 1:');
    // The e-mail lists the first changes and sends the approver to the page for the rest.
    expect(mail.text).toMatch(new RegExp(`and ${changes.length - 25} more changes, all shown on the registration`));
  });

  it('the largest form the schema accepts is within MAX_FORM_BYTES, and what is made of it fits one DynamoDB item with room to spare', () => {
    const parsed = checkInput(RegistrationInputSchema, largestBody());
    expect(parsed.success ? [] : parsed.errors).toEqual([]);
    if (!parsed.success) return;
    const r = registrationOf(parsed.data);
    expect(bytes(r.form)).toBeLessThanOrEqual(MAX_FORM_BYTES);
    const software = r.form.kind === 'software' ? r.form.software : [];
    const made = {
      letter: renderExamInformationLetter(r, software, ctx),
      softwareNotice: renderSoftwareNotice(r, software, ctx),
      approvalMail: renderApprovalRequest(r, 'IT', 'initial', 'https://exam-forms.example.edu/approve/x', ctx),
      outcome: renderOutcome(r, 'APPROVED', { comment: 'x'.repeat(2000), by: 'Ivar IT (IT)' }, ctx),
    };
    for (const [what, mail] of Object.entries(made)) {
      // A notice item holds subject, text and HTML; half an item is the most one may take. Staff
      // e-mails are not stored; in both languages they are held to one item's size.
      const bound = what === 'letter' || what === 'softwareNotice' ? DYNAMODB_ITEM_BYTES / 2 : STAFF_MAIL_BYTES;
      expect(bytes(mail.subject) + bytes(mail.text) + bytes(mail.html), what).toBeLessThan(bound);
    }
    // The stored registration (form, derived facts) leaves room for its history.
    expect(bytes(r)).toBeLessThan(DYNAMODB_ITEM_BYTES / 4);
  });

  it.each([
    ['a URL longer than the limit', () => largestBody(1, 0, MAX_URL_LENGTH + 1), 'software.0.url'],
    [
      'an external address longer than the limit',
      () => ({ ...largestBody(1, 1), questionSet: { uploadAssignments: 0, externalUrls: [urlOf(MAX_URL_LENGTH + 1, 1)] } }),
      'questionSet.externalUrls.0',
    ],
    ['more than 30 external addresses', () => largestBody(1, 31, 80), 'questionSet.externalUrls'],
    ['more than 30 programs', () => largestBody(31, 0, 80), 'software'],
  ])('%s is refused by field', (_what, body, field) => {
    const parsed = checkInput(RegistrationInputSchema, body());
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.errors.map((e) => e.path)).toContain(field);
  });
});

describe('one registration cannot make another’s letter fail', () => {
  it('a mid-term letter that gathers several of its owner’s approved requests carries each program once, at most 30, and stays within bounds', async () => {
    const parsed = checkInput(RegistrationInputSchema, largestBody());
    if (!parsed.success) throw new Error('largest body refused');
    // Five approved requests of the same owner, course and day, each as large as allowed, some repeating each other.
    const requests = Array.from({ length: 5 }, (_, n) => {
      const form = structuredClone(parsed.data);
      if (form.kind === 'software') form.software = form.software.map((s, i) => ({ ...s, name: `${n % 2}-${i} ${s.name}`.slice(0, 120) }));
      return { ...registrationOf(form), id: `sw-${n}` };
    });
    const midterm = { ...registrationOf(RegistrationInputSchema.parse(midtermBody({ exam: parsed.data.exam }))), id: 'midterm' };
    const queries = { listByCourse: async () => [midterm, ...requests] } as unknown as RegistrationQueries;
    const software = await approvedSoftwareFor(queries, midterm, ctx.timeZone);
    expect(software).toHaveLength(30);
    expect(new Set(software.map((s) => `${s.name}|${s.url}`)).size).toBe(30);
    const letter = renderExamInformationLetter(midterm, software, ctx);
    expect(bytes(letter.subject) + bytes(letter.text) + bytes(letter.html)).toBeLessThan(DYNAMODB_ITEM_BYTES / 2);
  });
});
