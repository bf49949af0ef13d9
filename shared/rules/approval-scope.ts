import type { ApproverGroup, RegistrationInput } from '../contracts/registration';

/**
 * What each approver group looks at. After changes were requested, a group that already
 * approved keeps its approval in the next round only if none of its fields changed.
 * IT supports the exam technically: when and how it runs, the question set's settings and
 * the software. ED staffs and rooms it: when, how long, how many, and the agreements on
 * external resources and hand drawings (InsperaScan).
 */
export const APPROVAL_SCOPE: Record<ApproverGroup, string[]> = {
  IT: ['kind', 'exam', 'questionSet', 'software'],
  ED: ['kind', 'course', 'department', 'exam', 'questionSet.externalUrls', 'questionSet.handDrawings'],
};

const pick = (value: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  ) ?? 'undefined';

/** The fields of `group`'s scope whose values differ between two versions of a form. */
export const changedFieldsFor = (group: ApproverGroup, before: RegistrationInput, after: RegistrationInput): string[] =>
  APPROVAL_SCOPE[group].filter((path) => canonical(pick(before, path)) !== canonical(pick(after, path)));
