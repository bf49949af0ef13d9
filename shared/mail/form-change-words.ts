import { type FormChange, fieldParts } from '../rules/form-changes';

/**
 * A resubmission's changes (shared/rules/form-changes.ts) in words for the approval e-mail:
 * each field named as the form names it, each value as a person reads it (dates in the
 * institution's time zone, yes / no, lists joined). User text stays one line, so nothing typed
 * in a field can pose as one of the mail's own lines.
 */
const FIELD_NAMES: Record<string, string> = {
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

export const changeFieldName = (field: string): string => {
  const { program, rest } = fieldParts(field);
  if (program === null) return FIELD_NAMES[field] ?? field;
  return rest ? `Program ${program}: ${FIELD_NAMES[rest] ?? rest}` : `Program ${program}`;
};

const oneLine = (s: string) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

const valueText = (field: string, v: unknown, formatDate: (iso: string) => string): string => {
  if (v === null || v === undefined || v === '') return '(none)';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : '(none)';
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

export const changeLines = (changes: readonly FormChange[] | undefined, formatDate: (iso: string) => string): ChangeLine[] =>
  (changes ?? []).map((c) => ({
    field: changeFieldName(c.field),
    before: c.truncated ? '(not shown)' : valueText(c.field, c.before, formatDate),
    after: c.truncated ? '(changed; see the registration)' : valueText(c.field, c.after, formatDate),
  }));
