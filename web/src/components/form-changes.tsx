import type { Registration } from '../../../shared/contracts/registration';
import { type FormChange, fieldParts } from '../../../shared/rules/form-changes';
import { useApp } from '../app-context';
import type { MessageKey } from '../i18n';
import './form-changes.css';

/** The form's own label of each field a change may name (the same words as the form). */
const FIELD_KEYS: Record<string, MessageKey> = {
  'course.code': 'courseCode',
  'course.name': 'courseName',
  department: 'department',
  'contact.name': 'contactName',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
  'exam.type': 'examType',
  'exam.start': 'examStart',
  'exam.durationMinutes': 'examDuration',
  'exam.candidates': 'candidates',
  'questionSet.uploadAssignments': 'uploadAssignments',
  'questionSet.handDrawings': 'handDrawings',
  'questionSet.zipSubmission': 'zipSubmission',
  'questionSet.externalUrls': 'externalUrls',
  'studentInfo.citationRules': 'citationRules',
  'studentInfo.demoTestUrl': 'demoTestUrl',
  'studentInfo.coverPageUrl': 'coverPageUrl',
  notes: 'notes',
  name: 'softwareName',
  version: 'softwareVersion',
  licence: 'licence',
  webService: 'webService',
  url: 'softwareUrl',
  platforms: 'platforms',
};

/** A field of the form in words: "Start", "Program 2: Platforms". */
export const useFieldName = () => {
  const { t } = useApp();
  return (field: string): string => {
    const { program, rest } = fieldParts(field);
    const key = FIELD_KEYS[program === null ? field : rest];
    const name = key ? t(key) : program === null ? field : rest;
    if (program === null) return name;
    return rest ? `${t('softwareItem', { n: program })}: ${name}` : t('softwareItem', { n: program });
  };
};

const isProgram = (v: unknown): v is { name: string; version?: string | null } => typeof v === 'object' && v !== null && !Array.isArray(v) && 'name' in v;

/** One value of a change as a person reads it: dates in the institution's time zone, yes / no, choices in words. */
const useValueText = () => {
  const app = useApp();
  const { t, tv } = app;
  return (field: string, v: unknown): string => {
    const { rest } = fieldParts(field);
    const leaf = rest || field.split('.').at(-1) || field;
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return t('none');
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (Array.isArray(v)) return v.map((x) => (leaf === 'platforms' ? tv('platform', String(x)) : String(x))).join(', ');
    if (isProgram(v)) return [v.name, v.version].filter(Boolean).join(' ');
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') return '';
    if (field === 'exam.start') return app.dt(v);
    if (field === 'exam.type') return tv('examType', v);
    if (leaf === 'licence') return tv('licence', v);
    return v;
  };
};

/**
 * What a resubmission changed since the round before, field by field (before → now): what an
 * approver needs to decide on round 2 without reading the whole form again.
 */
export const ChangesTable = ({ registration, idPrefix }: { registration: Pick<Registration, 'changes' | 'round'>; idPrefix: string }) => {
  const { t } = useApp();
  const fieldName = useFieldName();
  const valueText = useValueText();
  const changes: FormChange[] = registration.changes ?? [];
  if (registration.round < 2 || changes.length === 0) return null;
  const titleId = `${idPrefix}-changes-title`;
  const cell = (c: FormChange, side: 'before' | 'after') => {
    if (c.truncated) return side === 'after' ? t('changesNotShown') : '';
    const v = c[side];
    const other = c[side === 'before' ? 'after' : 'before'];
    // A program added or removed: the empty side says so.
    if (v === null && isProgram(other)) return side === 'before' ? t('changesProgramAdded') : t('changesProgramRemoved');
    return valueText(c.field, v);
  };
  return (
    <section class="changes" aria-labelledby={titleId} data-testid="changes">
      <h2 id={titleId}>{t('changesTitle', { round: registration.round - 1 })}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('changesField')}</th>
              <th scope="col">{t('changesBefore')}</th>
              <th scope="col">{t('changesNow')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{fieldName(c.field)}</th>
                <td>
                  <del>{cell(c, 'before')}</del>
                </td>
                <td>
                  <ins>{cell(c, 'after')}</ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
};
