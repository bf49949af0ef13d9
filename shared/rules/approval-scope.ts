import type { ApproverGroup, RegistrationInput } from '../contracts/registration';
import { additionalUploadMinutes, externalResources, runsAsWebsite } from './exam-rules';

type Fact = (form: RegistrationInput) => unknown;

const field =
  (dotted: string): Fact =>
  (form) =>
    dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), form);

/**
 * What each approver group decides on, as named facts of a form. After changes were requested,
 * a group that already approved keeps its approval in the next round only if none of its facts
 * changed. IT supports the exam technically: when and how it runs, the question set's settings
 * and the software. ED staffs and rooms it: when, how long, how many, the extra upload time it
 * staffs for (R4), and the agreements on whatever runs as a website (R3: listed URLs, web
 * services, software whose platforms include the web) and on hand drawings (InsperaScan).
 */
export const APPROVAL_SCOPE: Record<ApproverGroup, Record<string, Fact>> = {
  IT: {
    kind: field('kind'),
    exam: field('exam'),
    questionSet: field('questionSet'),
    software: field('software'),
  },
  ED: {
    kind: field('kind'),
    course: field('course'),
    department: field('department'),
    exam: field('exam'),
    additionalMinutes: (f) => additionalUploadMinutes(f.exam, f.questionSet),
    'questionSet.externalUrls': field('questionSet.externalUrls'),
    'questionSet.handDrawings': field('questionSet.handDrawings'),
    websites: (f) => ({
      addresses: externalResources(f),
      software: f.kind === 'software' ? f.software.filter(runsAsWebsite).map((s) => ({ name: s.name, version: s.version, url: s.url })) : [],
    }),
  },
};

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  ) ?? 'undefined';

/** The facts of `group`'s scope whose values differ between two versions of a form. */
export const changedFieldsFor = (group: ApproverGroup, before: RegistrationInput, after: RegistrationInput): string[] =>
  Object.entries(APPROVAL_SCOPE[group])
    .filter(([, fact]) => canonical(fact(before)) !== canonical(fact(after)))
    .map(([name]) => name);
