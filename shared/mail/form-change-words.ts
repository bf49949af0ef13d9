import type { LetterLanguage } from '../contracts/languages';
import { type FormChange, fieldParts } from '../rules/form-changes';

/**
 * A resubmission's changes (shared/rules/form-changes.ts) in words for the approval e-mail:
 * each field named as the form names it, each value as a person reads it (dates in the
 * institution's time zone, yes / no, lists joined). User text stays one line, so nothing typed
 * in a field can pose as one of the mail's own lines.
 */
const FIELD_NAMES_EN: Record<string, string> = {
  kind: 'Form',
  'course.code': 'Course code',
  'course.name': 'Course name',
  department: 'Department',
  'contact.name': 'Contact name',
  'contact.email': 'Contact e-mail',
  'contact.phone': 'Contact phone',
  'exam.type': 'Exam type',
  'exam.start': 'Start',
  'exam.durationMinutes': 'Duration (minutes)',
  'exam.candidates': 'Candidates',
  'questionSet.uploadAssignments': 'Upload assignments',
  'questionSet.handDrawings': 'Hand drawings',
  'questionSet.zipSubmission': '.zip submission',
  'questionSet.externalUrls': 'External addresses',
  'studentInfo.citationRules': 'Citation rules',
  'studentInfo.demoTestUrl': 'Demo test',
  'studentInfo.coverPageUrl': 'Cover page',
  notes: 'Notes',
  name: 'name',
  version: 'version',
  licence: 'licence',
  webService: 'web service',
  url: 'address',
  platforms: 'platforms',
};

const FIELD_NAMES_NB: Record<string, string> = {
  kind: 'Skjema',
  'course.code': 'Emnekode',
  'course.name': 'Emnenavn',
  department: 'Institutt',
  'contact.name': 'Kontaktperson',
  'contact.email': 'Kontaktens e-post',
  'contact.phone': 'Kontaktens telefon',
  'exam.type': 'Eksamensform',
  'exam.start': 'Start',
  'exam.durationMinutes': 'Varighet (minutter)',
  'exam.candidates': 'Kandidater',
  'questionSet.uploadAssignments': 'Opplastingsoppgaver',
  'questionSet.handDrawings': 'Håndtegninger',
  'questionSet.zipSubmission': '.zip-innlevering',
  'questionSet.externalUrls': 'Eksterne adresser',
  'studentInfo.citationRules': 'Siteringsregler',
  'studentInfo.demoTestUrl': 'Demotest',
  'studentInfo.coverPageUrl': 'Forside',
  notes: 'Merknader',
  name: 'navn',
  version: 'versjon',
  licence: 'lisens',
  webService: 'nettjeneste',
  url: 'adresse',
  platforms: 'plattformer',
};

/** The words of the change table besides the field names, by language. */
const WORDS = {
  en: { names: FIELD_NAMES_EN, program: 'Program', none: '(none)', yes: 'yes', no: 'no', notShown: '(not shown)', changed: '(changed; see the registration)' },
  nb: { names: FIELD_NAMES_NB, program: 'Program', none: '(ingen)', yes: 'ja', no: 'nei', notShown: '(ikke vist)', changed: '(endret; se registreringen)' },
} satisfies Record<LetterLanguage, unknown>;

export const changeFieldName = (field: string, lang: LetterLanguage = 'en'): string => {
  const w = WORDS[lang];
  const { program, rest } = fieldParts(field);
  if (program === null) return w.names[field] ?? field;
  return rest ? `${w.program} ${program}: ${w.names[rest] ?? rest}` : `${w.program} ${program}`;
};

const oneLine = (s: string) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

const valueText = (field: string, v: unknown, formatDate: (iso: string) => string, lang: LetterLanguage): string => {
  const w = WORDS[lang];
  if (v === null || v === undefined || v === '') return w.none;
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : w.none;
  if (typeof v === 'object') {
    const p = v as { name?: unknown; version?: unknown; platforms?: unknown };
    return [p.name, p.version].filter(Boolean).join(' ') + (Array.isArray(p.platforms) ? ` (${p.platforms.join(', ')})` : '');
  }
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return '';
  return field === 'exam.start' ? formatDate(v) : oneLine(v);
};

export interface ChangeLine {
  field: string;
  before: string;
  after: string;
}

/** The changes in a language; dates as `formatDate` writes them. */
export const changeLines = (changes: readonly FormChange[] | undefined, formatDate: (iso: string) => string, lang: LetterLanguage = 'en'): ChangeLine[] =>
  (changes ?? []).map((c) => ({
    field: changeFieldName(c.field, lang),
    before: c.truncated ? WORDS[lang].notShown : valueText(c.field, c.before, formatDate, lang),
    after: c.truncated ? WORDS[lang].changed : valueText(c.field, c.after, formatDate, lang),
  }));
