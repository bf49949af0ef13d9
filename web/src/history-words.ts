import type { HistoryAction, HistoryEntry } from '../../shared/contracts/registration';
import { type Lang, formatList, translateValue } from './i18n';

/**
 * Every history action in words, in both languages. The maps are typed over the union of
 * actions (shared/contracts/registration.ts), so an action added there fails the type check
 * here until it is worded in English and Bokmål. The details the use cases record with each
 * entry (the group, the count, the minutes) fill in the sentence; a detail that is missing
 * leaves it out rather than print a placeholder. An action this page does not know yet (a
 * newer server) is shown as it is.
 */

type Details = Record<string, unknown>;

/** What a phrase may use: the details, and the app's words for API values (groups, statuses, routes). */
interface Helpers {
  d: Details;
  num: (key: string) => number | null;
  str: (key: string) => string | null;
  /** A value in words (`group`, `IT` → "IT department"). */
  v: (prefix: string, value: string) => string;
  /** A list of groups in words, joined as a sentence. */
  groups: (key: string) => string | null;
}
type Phrase = (h: Helpers) => string;

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The notice a NOTICE_SENT entry is about, by its id: `letter`, `software`, `rehearsal` (to the teacher and IT) or `incident-<id>`. */
const noticeKind = (id: string | null) => (id === 'letter' || id === 'software' || id === 'rehearsal' ? id : id?.startsWith('incident-') ? 'incident' : 'other');

const en: Record<HistoryAction, Phrase> = {
  SUBMITTED: ({ groups }) => `Submitted${groups('approvers') ? `; waiting for ${groups('approvers')}` : ''}`,
  RESUBMITTED: ({ num, d, groups }) => {
    const kept = Array.isArray(d.keptApprovals) && d.keptApprovals.length > 0 ? groups('keptApprovals') : null;
    return `Changed and resubmitted${num('round') ? ` for round ${num('round')}` : ''}${kept ? `; the approval of ${kept} is kept` : ''}`;
  },
  DECIDED: ({ str, v }) => {
    const group = str('group');
    const decision = str('decision');
    return `${group ? v('group', group) : 'An approver group'}: ${decision ? v('decision', decision).toLowerCase() : 'decided'}`;
  },
  APPROVED: () => 'Approved by every group',
  EXPIRED: ({ groups }) => `Expired: no decision came in time${groups('waitingFor') ? ` from ${groups('waitingFor')}` : ''}`,
  CANCELLED: ({ str, v }) => `Cancelled${str('from') ? ` (it was: ${v('status', str('from') as string).toLowerCase()})` : ''}`,
  OUTCOME_MAILED: ({ str, v }) => `The submitter was e-mailed the outcome${str('status') ? `: ${v('status', str('status') as string).toLowerCase()}` : ''}`,
  WORKFLOW_FAILED: () => 'The approval workflow stopped because of an internal error; the operations team has been alerted',
  CANDIDATES_REPLACED: ({ num }) => {
    const n = num('count') ?? 0;
    const folded = num('folded') ?? 0;
    return `Candidate list replaced: ${n} ${plural(n, 'candidate', 'candidates')}${folded > 0 ? ` (${folded} ${plural(folded, 'duplicate', 'duplicates')} removed)` : ''}`;
  },
  LETTER_WITHOUT_CANDIDATES: () => 'The exam information letter was due, but there was no candidate list to send it to',
  NOTICE_WAITING: ({ num }) => {
    const n = num('pending') ?? 0;
    return `Sending to students is on hold: the e-mail service is not accepting mail from us just now. The ${n} ${plural(n, 'student', 'students')} not yet reached will be e-mailed when it does; nobody gets it twice`;
  },
  NOTICE_SENT: ({ str, num }) => {
    const kind = noticeKind(str('noticeId'));
    const sent = num('sent') ?? 0;
    const failed = num('failed') ?? 0;
    if (kind === 'rehearsal') return `The teacher and the IT department were reminded of the rehearsal${failed > 0 ? `; ${failed} could not be delivered` : ''}`;
    const what = { letter: 'Exam information letter', software: 'Software notice', incident: 'Notice about the error in the question set', other: 'Student notice' }[
      kind
    ];
    return `${what} sent to ${sent} ${plural(sent, 'candidate', 'candidates')}${failed > 0 ? `; ${failed} could not be delivered` : ''}`;
  },
  INCIDENT_REPORTED: ({ str, v }) => {
    const phase = str('phase') === 'during' ? 'during the exam' : 'before the start';
    return `Error in the question set reported ${phase}${str('route') ? `; handled by ${v('routeWho', str('route') as string)}` : ''}`;
  },
  EXTRA_TIME_DECIDED: ({ num }) => {
    const m = num('minutes');
    return m === null ? 'Extra time decided' : m === 0 ? 'Decided: no extra time' : `Extra time decided: ${m} ${plural(m, 'minute', 'minutes')}`;
  },
  ADDED_TO_CATALOGUE: ({ d }) => {
    const n = Array.isArray(d.entries) ? d.entries.length : 0;
    return `IT added ${n} proposed ${plural(n, 'program', 'programs')} to the software catalogue`;
  },
  REHEARSAL_RECORDED: ({ str }) => (str('result') === 'failed' ? 'Rehearsal of the software set-up: failed' : 'Rehearsal of the software set-up: tested'),
};

const nb: Record<HistoryAction, Phrase> = {
  SUBMITTED: ({ groups }) => `Sendt inn${groups('approvers') ? `; venter på ${groups('approvers')}` : ''}`,
  RESUBMITTED: ({ num, d, groups }) => {
    const kept = Array.isArray(d.keptApprovals) && d.keptApprovals.length > 0 ? groups('keptApprovals') : null;
    return `Endret og sendt inn på nytt${num('round') ? ` til runde ${num('round')}` : ''}${kept ? `; godkjenningen fra ${kept} står fortsatt` : ''}`;
  },
  DECIDED: ({ str, v }) => {
    const group = str('group');
    const decision = str('decision');
    return `${group ? v('group', group) : 'En godkjennergruppe'}: ${decision ? v('decision', decision).toLowerCase() : 'avgjort'}`;
  },
  APPROVED: () => 'Godkjent av alle gruppene',
  EXPIRED: ({ groups }) => `Utløpt: ingen beslutning kom i tide${groups('waitingFor') ? ` fra ${groups('waitingFor')}` : ''}`,
  CANCELLED: ({ str, v }) => `Trukket tilbake${str('from') ? ` (status var: ${v('status', str('from') as string).toLowerCase()})` : ''}`,
  OUTCOME_MAILED: ({ str, v }) => `Innmelderen fikk utfallet på e-post${str('status') ? `: ${v('status', str('status') as string).toLowerCase()}` : ''}`,
  WORKFLOW_FAILED: () => 'Godkjenningsflyten stoppet på grunn av en intern feil; driftsteamet er varslet',
  CANDIDATES_REPLACED: ({ num }) => {
    const n = num('count') ?? 0;
    const folded = num('folded') ?? 0;
    return `Kandidatlisten ble erstattet: ${n} ${plural(n, 'kandidat', 'kandidater')}${folded > 0 ? ` (${folded} ${plural(folded, 'duplikat', 'duplikater')} fjernet)` : ''}`;
  },
  LETTER_WITHOUT_CANDIDATES: () => 'Informasjonsbrevet om eksamen skulle sendes, men det fantes ingen kandidatliste å sende det til',
  NOTICE_WAITING: ({ num }) => {
    const n = num('pending') ?? 0;
    return `Utsendingen til studentene venter: e-posttjenesten tar ikke imot e-post fra oss akkurat nå. De ${n} ${plural(n, 'studenten', 'studentene')} som ikke har fått den ennå, får den når den gjør det; ingen får den to ganger`;
  },
  NOTICE_SENT: ({ str, num }) => {
    const kind = noticeKind(str('noticeId'));
    const sent = num('sent') ?? 0;
    const failed = num('failed') ?? 0;
    if (kind === 'rehearsal') return `Faglærer og IT-avdelingen fikk påminnelse om generalprøven${failed > 0 ? `; ${failed} kunne ikke leveres` : ''}`;
    const what = {
      letter: 'Informasjonsbrevet om eksamen',
      software: 'Meldingen om programvare',
      incident: 'Meldingen om feilen i oppgavesettet',
      other: 'Meldingen til studentene',
    }[kind];
    return `${what} ble sendt til ${sent} ${plural(sent, 'kandidat', 'kandidater')}${failed > 0 ? `; ${failed} kunne ikke leveres` : ''}`;
  },
  INCIDENT_REPORTED: ({ str, v }) => {
    const phase = str('phase') === 'during' ? 'under eksamen' : 'før start';
    return `Feil i oppgavesettet meldt ${phase}${str('route') ? `; håndteres av ${v('routeWho', str('route') as string)}` : ''}`;
  },
  EXTRA_TIME_DECIDED: ({ num }) => {
    const m = num('minutes');
    return m === null ? 'Ekstra tid avgjort' : m === 0 ? 'Avgjort: ingen ekstra tid' : `Ekstra tid avgjort: ${m} ${plural(m, 'minutt', 'minutter')}`;
  },
  ADDED_TO_CATALOGUE: ({ d }) => {
    const n = Array.isArray(d.entries) ? d.entries.length : 0;
    return `IT la ${n} ${plural(n, 'foreslått program', 'foreslåtte programmer')} til i programvarekatalogen`;
  },
  REHEARSAL_RECORDED: ({ str }) => (str('result') === 'failed' ? 'Generalprøve av programvareoppsettet: feilet' : 'Generalprøve av programvareoppsettet: testet'),
};

export const HISTORY_WORDS: Record<Lang, Record<HistoryAction, Phrase>> = { en, nb };

/** A history entry in words, in the page's language; an unknown action as it is. */
export const describeHistory = (lang: Lang, entry: Pick<HistoryEntry, 'action' | 'details'>): string => {
  const phrases = HISTORY_WORDS[lang];
  if (!Object.hasOwn(phrases, entry.action)) return entry.action;
  const d: Details = entry.details ?? {};
  const v = (prefix: string, value: string) => translateValue(lang, prefix, value);
  const helpers: Helpers = {
    d,
    num: (key) => (typeof d[key] === 'number' ? d[key] : null),
    str: (key) => (typeof d[key] === 'string' ? d[key] : null),
    v,
    groups: (key) => {
      const list = Array.isArray(d[key]) ? d[key].filter((g): g is string => typeof g === 'string') : [];
      return list.length > 0
        ? formatList(
            lang,
            list.map((g) => v('group', g)),
          )
        : null;
    },
  };
  return phrases[entry.action](helpers);
};
