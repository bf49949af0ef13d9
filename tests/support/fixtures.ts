import { RulesConfigSchema } from '../../shared/contracts/env';
import { type Registration, type RegistrationInput, type RegistrationStatus, RegistrationInputSchema } from '../../shared/contracts/registration';
import { deriveRegistration } from '../../shared/rules/exam-rules';

const DAY = 24 * 3600 * 1000;

/** A date `days` from now at 09:00 Oslo winter time, kept clear of the default main exam periods. */
export const examStartIn = (days: number, now = new Date()): string => {
  let d = new Date(now.getTime() + days * DAY);
  const inPeriod = (x: Date) => {
    const md = x.toISOString().slice(5, 10);
    return (md >= '11-25' && md <= '12-20') || (md >= '05-06' && md <= '06-14');
  };
  while (inPeriod(d)) d = new Date(d.getTime() + DAY);
  return `${d.toISOString().slice(0, 10)}T09:00:00+01:00`;
};

/** SPEC's example body, with the exam moved to a date that is always valid. */
export const midtermBody = (overrides: Partial<RegistrationInput> = {}): Record<string, unknown> => ({
  kind: 'midterm',
  course: { code: 'TDT4100', name: 'Object-oriented programming' },
  department: 'IDI',
  contact: { name: 'Kari Nordmann', email: 'kari.nordmann@example.edu', phone: '+47 73 59 00 00' },
  exam: { type: 'home', start: examStartIn(60), durationMinutes: 240, candidates: 120 },
  questionSet: { uploadAssignments: 1, handDrawings: false, zipSubmission: false, externalUrls: [] },
  studentInfo: { citationRules: 'APA 7', demoTestUrl: null, coverPageUrl: null },
  notes: '',
  ...overrides,
});

export const softwareBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...midtermBody(),
  kind: 'software',
  exam: { type: 'school', start: examStartIn(60), durationMinutes: 240, candidates: 80 },
  software: [{ name: 'MATLAB', version: 'R2024b', licence: 'campus', webService: false, url: null, platforms: ['windows', 'macos'] }],
  ...overrides,
});

/**
 * A fixture body with its exam moved `days` after the usual date, at the same hour. Every
 * approval e-mail and queue entry shows the capacity of its exam's hours, read from the exams that
 * overlap it; files that submit many registrations spread them over days, so that each does not
 * read every other one (what the capacity tests do on purpose).
 */
export const withExamDay = (body: Record<string, unknown>, days: number): Record<string, unknown> => ({
  ...body,
  exam: { ...(body.exam as Record<string, unknown>), start: examStartIn(60 + days) },
});

/** A catalogue entry as IT adds it (POST /catalogue): an installed program with a seat limit. */
export const catalogueEntryBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'MATLAB',
  version: 'R2024b',
  vendor: 'MathWorks',
  platforms: ['windows', 'macos'],
  kind: 'installed',
  licence: { kind: 'campus', seats: 100 },
  instructions: {
    en: 'Install MATLAB from the software portal and open the demo test.',
    nb: 'Installer MATLAB fra programvareportalen og åpne demotesten.',
  },
  sebUrlPatterns: [],
  ...overrides,
});

/** A web service in the catalogue, with the patterns Safe Exam Browser must allow. */
export const webServiceEntryBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  catalogueEntryBody({
    name: 'Lovdata Pro',
    version: null,
    vendor: 'Lovdata',
    platforms: ['web'],
    kind: 'web-service',
    url: 'https://lovdata.no/pro',
    licence: { kind: 'campus', seats: null },
    sebUrlPatterns: ['https://lovdata.no/*', 'https://*.lovdata.no/*'],
    ...overrides,
  });

export const STAFF = { sub: 'kari', email: 'kari.nordmann@example.edu', name: 'Kari Nordmann', groups: ['staff'] as const };
export const OTHER_STAFF = { sub: 'ola', email: 'ola.nordmann@example.edu', name: 'Ola Nordmann', groups: ['staff'] as const };
export const IT_APPROVER = { sub: 'ivar-it', email: 'ivar@example.edu', name: 'Ivar IT', groups: ['IT'] as const };
export const ED_APPROVER = { sub: 'eva-ed', email: 'eva@example.edu', name: 'Eva ED', groups: ['ED'] as const };

/** A stored registration made from a body (for rendering tests): Kari's, round 1, no approvals or history. */
export const storedRegistration = (body: Record<string, unknown>, status: RegistrationStatus = 'APPROVED'): Registration => {
  const form = RegistrationInputSchema.parse(body);
  return {
    id: 'reg-1',
    kind: form.kind,
    form,
    status,
    round: 1,
    derived: deriveRegistration(form, RulesConfigSchema.parse({})),
    owner: { sub: 'kari', email: 'kari.nordmann@example.edu', name: 'Kari Nordmann' },
    createdAt: '2027-01-04T12:00:00.000Z',
    updatedAt: '2027-01-04T12:00:00.000Z',
    approvals: [],
    history: [],
  };
};
