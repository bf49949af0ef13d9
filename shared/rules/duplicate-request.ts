import type { RegistrationInput } from '../contracts/registration';

/** A program as the same request would name it again: name and version, without case or spacing. */
const programKey = (s: { name: string; version: string | null }) => `${s.name.trim().toLowerCase()}\u0000${(s.version ?? '').trim().toLowerCase()}`;

/**
 * Two software requests ask for the same thing: the same course, an exam at the same instant
 * (whatever offset it is written with) and the same programs (by name and version, in any
 * order). A second such request while the first is pending is most likely sent by mistake.
 */
export const isSameSoftwareRequest = (a: RegistrationInput, b: RegistrationInput): boolean => {
  if (a.kind !== 'software' || b.kind !== 'software') return false;
  if (a.course.code !== b.course.code || Date.parse(a.exam.start) !== Date.parse(b.exam.start)) return false;
  const keys = (r: typeof a) => r.software.map(programKey).sort().join('\n');
  return keys(a) === keys(b);
};
