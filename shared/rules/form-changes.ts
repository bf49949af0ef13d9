import type { RegistrationInput } from '../contracts/registration';

/**
 * What changed between two versions of a form, field by field, for the approvers of a
 * resubmission: "what differs from the round you saw". Pure; the server stores the result
 * with the new round, and the web app, the approval e-mail and the queue read it.
 *
 * A field is a dotted path of the form (`exam.start`, `questionSet.externalUrls`,
 * `software.1.platforms`). Lists of plain values (addresses, platforms) are one field; the
 * programs of a software request are compared one by one, by position, and a program added or
 * removed is one change of its own (`software.2`, with the whole program on one side).
 */
export interface FormChange {
  field: string;
  /** The value in the earlier round; `null` for a program added. */
  before: unknown;
  /** The value now; `null` for a program removed. */
  after: unknown;
  /** Set when the values are left out to keep the changes within MAX_CHANGES_BYTES: the field changed. */
  truncated?: true;
}

/**
 * The values of all changes together are kept within this many bytes of JSON (the field names
 * always are): with them a registration item, and the approval e-mail that shows them, stay
 * within their bounds whatever two forms differ (tests/unit/form-bounds.test.ts).
 */
export const MAX_CHANGES_BYTES = 16 * 1024;
const utf8 = new TextEncoder();

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One text per value, whatever the order of an object's keys. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (isRecord(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x)) ?? 'null';

const walk = (before: unknown, after: unknown, path: string, out: FormChange[]) => {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
    for (const k of keys) walk(before[k], after[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && (before as unknown[]).concat(after as unknown[]).some(isRecord)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) walk(before[i] as unknown, after[i] as unknown, `${path}.${i}`, out);
    return;
  }
  if (canonical(before) !== canonical(after)) out.push({ field: path, before: before ?? null, after: after ?? null });
};

/** The fields whose values differ from `before` to `after`, in the order of the form. */
export const formChanges = (before: RegistrationInput, after: RegistrationInput): FormChange[] => {
  const out: FormChange[] = [];
  walk(before, after, '', out);
  let budget = MAX_CHANGES_BYTES;
  return out.map((c) => {
    budget -= utf8.encode(JSON.stringify(c)).length;
    return budget >= 0 ? c : { field: c.field, before: null, after: null, truncated: true as const };
  });
};

/** The names of the fields that changed, for a list that shows no values (the queue). */
export const changedFieldNames = (changes: readonly FormChange[] | undefined): string[] => (changes ?? []).map((c) => c.field);

/**
 * The section of the form a field belongs to and, for a program, its number (1-based): what a
 * page or an e-mail names it by ("Program 2: platforms").
 */
export const fieldParts = (field: string): { section: string; program: number | null; rest: string } => {
  const [section = field, ...tail] = field.split('.');
  if (section === 'software' && tail.length > 0 && /^\d+$/.test(tail[0] ?? '')) {
    return { section, program: Number(tail[0]) + 1, rest: tail.slice(1).join('.') };
  }
  return { section, program: null, rest: tail.join('.') };
};
