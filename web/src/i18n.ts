import type { FieldError, FieldErrorCode, ProblemCode, ProblemDetails } from '../../shared/contracts/problem';
import type { Warning } from '../../shared/contracts/registration';
import { CONTEXT_EN, CONTEXT_NB } from './i18n-context';
import { STAFF_EN, STAFF_NB } from './i18n-staff';
import { periodWords } from '../../shared/rules/date-words';
import { WARNING_WORDS } from '../../shared/rules/warning-words';

/**
 * English and Norwegian Bokmål. The dictionaries share one set of keys (TypeScript checks
 * that Bokmål has every English key). Errors and warnings are worded from their machine codes
 * (below), never from the English text the API sends beside them.
 */
export type Lang = 'en' | 'nb';
export const LANGS: readonly Lang[] = ['en', 'nb'];

const en = {
  appName: 'Exam forms',
  skipToContent: 'Skip to main content',
  mainNav: 'Main',
  navMine: 'My registrations',
  navNewMidterm: 'Register a mid-term exam',
  navNewSoftware: 'Request software for an exam',
  navQueue: 'Approval queue',
  navCalendar: 'Calendar',
  navCatalogue: 'Software catalogue',
  capacityTitle: 'Capacity',
  capacityLine:
    '{group}: this exam needs {demand}; with it, the busiest time needs {committed} for approved exams ({tentative} counting the pending ones); {staff} on duty.',
  capacityOverbooked: 'Overbooked',
  capacityTight: 'Overbooked if the pending exams are approved',
  capacityOk: 'Enough people',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {name} ({roles})',
  languageSwitch: 'Norsk',
  helpGeneral: 'General enquiries: {phone}',
  helpDuringExam: 'Immediate help during an exam: {phone}',
  loading: 'Loading…',
  notFoundTitle: 'Page not found',
  notFoundText: 'There is no page at this address.',
  goHome: 'Go to the start page',
  networkError: 'Could not reach the server. Check your connection and try again.',
  requestFailed: '{title}: {detail}',
  retry: 'Try again',
  yes: 'Yes',
  no: 'No',
  none: 'None',
  optional: 'optional',
  errorPrefix: 'Error:',
  minutes: '{n} min',
  hours: '{h} h',
  hoursMinutes: '{h} h {m} min',

  signInTitle: 'Sign in',
  signInLocalIntro: 'Local mode: choose a development identity and its roles. The local server signs the token; it is valid nowhere else.',
  identity: 'Identity',
  presetStaff: 'Kari Nordmann, teacher (staff)',
  presetIT: 'Ivar IT, IT approver',
  presetED: 'Eva ED, Education Division approver',
  presetCustom: 'Someone else',
  userId: 'User id (sub)',
  email: 'E-mail',
  name: 'Name',
  roles: 'Roles',
  role_staff: 'Staff (registers exams)',
  role_IT: 'IT approver',
  role_ED: 'Education Division (ED) approver',
  roleShort_staff: 'staff',
  roleShort_IT: 'IT approver',
  roleShort_ED: 'ED approver',
  signInButton: 'Sign in',
  signInOidcIntro: 'Sign in with your university account.',
  signInOidcButton: 'Sign in with {host}',
  signInFailed: 'Sign-in failed: {detail}',
  sessionExpired: 'Your session has ended; sign in again.',

  formTitle_midterm: 'Register a mid-term exam',
  formTitle_software: 'Request software for an exam',
  formTitleResubmit: 'Change and resubmit {code}',
  formIntro_midterm: 'For exams on campus and home exams of at most 6 hours outside the main exam periods. The Education Division (ED) and IT approve.',
  formIntro_software: 'For third-party programs and web services students use during an exam. IT approves.',
  sectionCourse: 'Course',
  courseCode: 'Course code',
  courseCodeHint: 'For example TDT4100',
  courseName: 'Course name',
  department: 'Department',
  sectionContact: 'Contact person',
  contactName: 'Name',
  contactEmail: 'E-mail',
  contactPhone: 'Phone',
  sectionExam: 'Exam',
  examType: 'Exam type',
  examType_home: 'Home exam',
  examType_school: 'Written school exam on campus (Safe Exam Browser)',
  examStart: 'Start',
  examStartHint: 'Date and time in {zone}',
  duration: 'Duration',
  examDuration: 'Duration',
  durationHint: 'Ordinary exam time, without extra time for uploads. Minutes (150) or hours and minutes (2:30, 2 h 30 min).',
  candidates: 'Expected number of candidates',
  sectionQuestionSet: 'Question set',
  uploadAssignments: 'Number of upload assignments',
  uploadAssignmentsHint: 'Assignments where students upload a file.',
  handDrawings: 'Students submit hand drawings',
  zipSubmission: 'Submissions are .zip files',
  externalUrls: 'External web addresses used as resources',
  externalUrlsHint: 'One address per line.',
  sectionStudentInfo: 'Information for the students',
  citationRules: 'Citation rules',
  citationRulesHint: 'For example APA 7',
  demoTestUrl: 'Address of the demo test',
  coverPageUrl: 'Address of the cover page',
  sectionSoftware: 'Software and web services',
  softwareIntro: 'Web services (Git, Lovdata, GIS, ChemDraw, any website) count as software.',
  softwareItem: 'Program {n}',
  softwareName: 'Name',
  softwareVersion: 'Version',
  licence: 'Licence',
  choose: 'Choose…',
  licence_campus: 'Campus licence',
  licence_free: 'Free',
  'licence_student-purchase': 'Students buy it',
  licence_other: 'Other',
  webService: 'Web service used in the browser',
  softwareUrl: 'Address',
  platforms: 'Platforms',
  platform_windows: 'Windows',
  platform_macos: 'macOS',
  platform_linux: 'Linux',
  platform_web: 'Web browser',
  addSoftware: 'Add a program',
  removeSoftware: 'Remove program {n}',
  notes: 'Notes for the approvers',
  submit: 'Submit registration',
  resubmit: 'Resubmit',
  submitting: 'Sending…',
  errorSummaryTitle: 'The form has {n} problem(s)',

  derivedTitle: 'What follows from the form',
  derivedIncomplete: 'Fill in exam type, start, duration and number of upload assignments to see extra time, test template and approvers.',
  extraTime: 'Extra time for uploads',
  extraTimeValue: '{n} minutes, not part of the exam time on the cover page',
  testTemplate: 'Test template',
  template_standard: 'Standard',
  'template_inspera-scan': 'InsperaScan (hand drawings)',
  approvers: 'Approvers',
  group_IT: 'IT department',
  group_ED: 'Education Division (ED)',
  studentInfoDueBy: 'Students must be informed by',
  warnings: 'Warnings',
  refusalsTitle: 'The form will be refused',
  barExtra: '+{n} min for uploads',
  barRefusals: 'refused by {n} rule(s)',
  barShow: 'What follows',
  groupShort_IT: 'IT',
  groupShort_ED: 'ED',
  leaveUnsaved: 'Your changes have not been sent. Leave the form and lose them?',

  status_PENDING_APPROVAL: 'Waiting for approval',
  status_APPROVED: 'Approved',
  status_REJECTED: 'Rejected',
  status_CHANGES_REQUESTED: 'Changes requested',
  status_CANCELLED: 'Cancelled',
  status_EXPIRED: 'Expired',
  approval_PENDING: 'Pending',
  approval_APPROVED: 'Approved',
  approval_REJECTED: 'Rejected',
  approval_CHANGES_REQUESTED: 'Changes requested',
  approval_EXPIRED: 'Expired',
  approval_CLOSED: 'Closed',
  kind_midterm: 'Mid-term exam',
  kind_software: 'Software request',
  decision_approve: 'Approved',
  decision_reject: 'Rejected',
  'decision_request-changes': 'Changes requested',

  mineTitle: 'My registrations',
  mineEmpty: 'You have no registrations yet.',
  filterStatus: 'Status',
  filterKind: 'Kind',
  filterAll: 'All',
  filter: 'Filter',
  loadMore: 'Show more',
  colCourse: 'Course',
  colKind: 'Kind',
  colExam: 'Exam',
  colStatus: 'Status',
  colApprovals: 'Approvals',
  colUpdated: 'Last change',
  examSummary: '{type}, {start}, {duration}',

  queueTitle: 'Approval queue',
  queueIntro: 'Registrations waiting for {groups}, most urgent first.',
  queueEmpty: 'Nothing waits for you.',
  submittedBy: 'Submitted by {name} on {date}',
  decisionFor: 'Decision for {group}',
  comment: 'Comment',
  commentHint: 'Required when you reject or request changes; the submitter receives it.',
  approve: 'Approve',
  reject: 'Reject',
  requestChanges: 'Request changes',
  commentRequired: 'Write a comment when you reject or request changes',
  decisionRecorded: '{course}: {decision} for {group}.',

  detailKind: 'Kind',
  detailStatus: 'Status',
  detailRound: 'Round',
  detailOwner: 'Submitted by',
  detailCreated: 'Submitted',
  detailUpdated: 'Last change',
  sectionApprovals: 'Approvals',
  colGroup: 'Group',
  colState: 'State',
  colDecidedBy: 'Decided by',
  colComment: 'Comment',
  sectionHistory: 'History',
  sectionForm: 'The registration',
  submittedNotice: 'The registration has been submitted; the approvers have been told.',
  cancel: 'Cancel the registration',
  cancelReason: 'Reason for cancelling',
  cancelConfirm: 'Confirm cancellation',
  cancelled: 'The registration has been cancelled.',
  editResubmit: 'Change and resubmit',
  software: 'Software',

  confirmTitle: 'Confirm a decision',
  confirmIntro: 'A decision for {group} on round {round}. Nothing has been recorded yet: choose your decision below.',
  linkExpires: 'The link expires {date}.',
  linkUnknown: 'This link is not known. Check that you opened the whole address from the e-mail.',
  linkGone: 'This link has already been used or has expired. Sign in and use the approval queue instead.',
  confirmDone: 'Your decision has been recorded: {decision}.',
  ...STAFF_EN,
  ...CONTEXT_EN,
} as const;

export type MessageKey = keyof typeof en;

const nb: Record<MessageKey, string> = {
  appName: 'Eksamensskjema',
  skipToContent: 'Hopp til hovedinnholdet',
  mainNav: 'Hovedmeny',
  navMine: 'Mine registreringer',
  navNewMidterm: 'Meld inn midtsemestereksamen',
  navNewSoftware: 'Be om programvare til eksamen',
  navQueue: 'Godkjenningskø',
  navCalendar: 'Kalender',
  navCatalogue: 'Programvarekatalog',
  capacityTitle: 'Kapasitet',
  capacityLine:
    '{group}: denne eksamenen trenger {demand}; med den trengs {committed} på det travleste for godkjente eksamener ({tentative} medregnet dem som venter); {staff} på vakt.',
  capacityOverbooked: 'Overbooket',
  capacityTight: 'Overbooket hvis eksamenene som venter blir godkjent',
  capacityOk: 'Nok folk',
  signOut: 'Logg ut',
  signedInAs: 'Logget inn som {name} ({roles})',
  languageSwitch: 'English',
  helpGeneral: 'Generelle henvendelser: {phone}',
  helpDuringExam: 'Akutt hjelp under eksamen: {phone}',
  loading: 'Laster …',
  notFoundTitle: 'Fant ikke siden',
  notFoundText: 'Det finnes ingen side på denne adressen.',
  goHome: 'Gå til startsiden',
  networkError: 'Fikk ikke kontakt med serveren. Sjekk tilkoblingen og prøv igjen.',
  requestFailed: '{title}: {detail}',
  retry: 'Prøv igjen',
  yes: 'Ja',
  no: 'Nei',
  none: 'Ingen',
  optional: 'valgfritt',
  errorPrefix: 'Feil:',
  minutes: '{n} min',
  hours: '{h} t',
  hoursMinutes: '{h} t {m} min',

  signInTitle: 'Logg inn',
  signInLocalIntro: 'Lokal modus: velg en utviklingsidentitet og rollene dens. Den lokale serveren signerer tokenet; det gjelder ingen andre steder.',
  identity: 'Identitet',
  presetStaff: 'Kari Nordmann, lærer (ansatt)',
  presetIT: 'Ivar IT, godkjenner i IT-avdelingen',
  presetED: 'Eva ED, godkjenner i Utdanningsavdelingen',
  presetCustom: 'Noen andre',
  userId: 'Bruker-id (sub)',
  email: 'E-post',
  name: 'Navn',
  roles: 'Roller',
  role_staff: 'Ansatt (melder inn eksamener)',
  role_IT: 'Godkjenner i IT-avdelingen',
  role_ED: 'Godkjenner i Utdanningsavdelingen (UA)',
  roleShort_staff: 'ansatt',
  roleShort_IT: 'IT-godkjenner',
  roleShort_ED: 'UA-godkjenner',
  signInButton: 'Logg inn',
  signInOidcIntro: 'Logg inn med universitetskontoen din.',
  signInOidcButton: 'Logg inn med {host}',
  signInFailed: 'Innloggingen mislyktes: {detail}',
  sessionExpired: 'Økten er avsluttet; logg inn på nytt.',

  formTitle_midterm: 'Meld inn midtsemestereksamen',
  formTitle_software: 'Be om programvare til eksamen',
  formTitleResubmit: 'Endre og send inn {code} på nytt',
  formIntro_midterm: 'For eksamener på campus og hjemmeeksamener på inntil 6 timer utenfor hovedeksamensperiodene. Utdanningsavdelingen (UA) og IT godkjenner.',
  formIntro_software: 'For tredjepartsprogrammer og nettjenester studentene bruker under eksamen. IT godkjenner.',
  sectionCourse: 'Emne',
  courseCode: 'Emnekode',
  courseCodeHint: 'For eksempel TDT4100',
  courseName: 'Emnenavn',
  department: 'Institutt',
  sectionContact: 'Kontaktperson',
  contactName: 'Navn',
  contactEmail: 'E-post',
  contactPhone: 'Telefon',
  sectionExam: 'Eksamen',
  examType: 'Eksamensform',
  examType_home: 'Hjemmeeksamen',
  examType_school: 'Skriftlig skoleeksamen på campus (Safe Exam Browser)',
  examStart: 'Start',
  examStartHint: 'Dato og klokkeslett i {zone}',
  duration: 'Varighet',
  examDuration: 'Varighet',
  durationHint: 'Ordinær eksamenstid, uten ekstra tid til opplasting. Minutter (150) eller timer og minutter (2:30, 2 t 30 min).',
  candidates: 'Forventet antall kandidater',
  sectionQuestionSet: 'Oppgavesett',
  uploadAssignments: 'Antall opplastingsoppgaver',
  uploadAssignmentsHint: 'Oppgaver der studentene laster opp en fil.',
  handDrawings: 'Studentene leverer håndtegninger',
  zipSubmission: 'Besvarelser leveres som .zip-filer',
  externalUrls: 'Eksterne nettadresser som brukes som hjelpemidler',
  externalUrlsHint: 'Én adresse per linje.',
  sectionStudentInfo: 'Informasjon til studentene',
  citationRules: 'Siteringsregler',
  citationRulesHint: 'For eksempel APA 7',
  demoTestUrl: 'Adresse til demotesten',
  coverPageUrl: 'Adresse til forsiden',
  sectionSoftware: 'Programvare og nettjenester',
  softwareIntro: 'Nettjenester (Git, Lovdata, GIS, ChemDraw, alle nettsteder) regnes som programvare.',
  softwareItem: 'Program {n}',
  softwareName: 'Navn',
  softwareVersion: 'Versjon',
  licence: 'Lisens',
  choose: 'Velg …',
  licence_campus: 'Campuslisens',
  licence_free: 'Gratis',
  'licence_student-purchase': 'Studentene kjøper den',
  licence_other: 'Annet',
  webService: 'Nettjeneste som brukes i nettleseren',
  softwareUrl: 'Adresse',
  platforms: 'Plattformer',
  platform_windows: 'Windows',
  platform_macos: 'macOS',
  platform_linux: 'Linux',
  platform_web: 'Nettleser',
  addSoftware: 'Legg til et program',
  removeSoftware: 'Fjern program {n}',
  notes: 'Merknader til godkjennerne',
  submit: 'Send inn registreringen',
  resubmit: 'Send inn på nytt',
  submitting: 'Sender …',
  errorSummaryTitle: 'Skjemaet har {n} feil',

  derivedTitle: 'Dette følger av skjemaet',
  derivedIncomplete: 'Fyll inn eksamensform, start, varighet og antall opplastingsoppgaver for å se ekstra tid, testmal og godkjennere.',
  extraTime: 'Ekstra tid til opplasting',
  extraTimeValue: '{n} minutter, ikke en del av eksamenstiden på forsiden',
  testTemplate: 'Testmal',
  template_standard: 'Standard',
  'template_inspera-scan': 'InsperaScan (håndtegninger)',
  approvers: 'Godkjennere',
  group_IT: 'IT-avdelingen',
  group_ED: 'Utdanningsavdelingen (UA)',
  studentInfoDueBy: 'Studentene må informeres innen',
  warnings: 'Advarsler',
  refusalsTitle: 'Skjemaet vil bli avvist',
  barExtra: '+{n} min til opplasting',
  barRefusals: 'avvises av {n} regel/regler',
  barShow: 'Hva følger',
  groupShort_IT: 'IT',
  groupShort_ED: 'UA',
  leaveUnsaved: 'Endringene dine er ikke sendt. Vil du forlate skjemaet og miste dem?',

  status_PENDING_APPROVAL: 'Venter på godkjenning',
  status_APPROVED: 'Godkjent',
  status_REJECTED: 'Avslått',
  status_CHANGES_REQUESTED: 'Endringer etterspurt',
  status_CANCELLED: 'Trukket tilbake',
  status_EXPIRED: 'Utløpt',
  approval_PENDING: 'Venter',
  approval_APPROVED: 'Godkjent',
  approval_REJECTED: 'Avslått',
  approval_CHANGES_REQUESTED: 'Endringer etterspurt',
  approval_EXPIRED: 'Utløpt',
  approval_CLOSED: 'Lukket',
  kind_midterm: 'Midtsemestereksamen',
  kind_software: 'Programvareforespørsel',
  decision_approve: 'Godkjent',
  decision_reject: 'Avslått',
  'decision_request-changes': 'Endringer etterspurt',

  mineTitle: 'Mine registreringer',
  mineEmpty: 'Du har ingen registreringer ennå.',
  filterStatus: 'Status',
  filterKind: 'Type',
  filterAll: 'Alle',
  filter: 'Filtrer',
  loadMore: 'Vis flere',
  colCourse: 'Emne',
  colKind: 'Type',
  colExam: 'Eksamen',
  colStatus: 'Status',
  colApprovals: 'Godkjenninger',
  colUpdated: 'Sist endret',
  examSummary: '{type}, {start}, {duration}',

  queueTitle: 'Godkjenningskø',
  queueIntro: 'Registreringer som venter på {groups}, de mest hastende først.',
  queueEmpty: 'Ingenting venter på deg.',
  submittedBy: 'Sendt inn av {name} {date}',
  decisionFor: 'Beslutning for {group}',
  comment: 'Kommentar',
  commentHint: 'Påkrevd når du avslår eller ber om endringer; innmelderen får den.',
  approve: 'Godkjenn',
  reject: 'Avslå',
  requestChanges: 'Be om endringer',
  commentRequired: 'Skriv en kommentar når du avslår eller ber om endringer',
  decisionRecorded: '{course}: {decision} for {group}.',

  detailKind: 'Type',
  detailStatus: 'Status',
  detailRound: 'Runde',
  detailOwner: 'Sendt inn av',
  detailCreated: 'Sendt inn',
  detailUpdated: 'Sist endret',
  sectionApprovals: 'Godkjenninger',
  colGroup: 'Gruppe',
  colState: 'Status',
  colDecidedBy: 'Avgjort av',
  colComment: 'Kommentar',
  sectionHistory: 'Historikk',
  sectionForm: 'Registreringen',
  submittedNotice: 'Registreringen er sendt inn; godkjennerne har fått beskjed.',
  cancel: 'Trekk tilbake registreringen',
  cancelReason: 'Grunn til å trekke tilbake',
  cancelConfirm: 'Bekreft tilbaketrekking',
  cancelled: 'Registreringen er trukket tilbake.',
  editResubmit: 'Endre og send inn på nytt',
  software: 'Programvare',

  confirmTitle: 'Bekreft en beslutning',
  confirmIntro: 'En beslutning for {group} i runde {round}. Ingenting er registrert ennå: velg beslutningen din nedenfor.',
  linkExpires: 'Lenken utløper {date}.',
  linkUnknown: 'Denne lenken er ukjent. Sjekk at du åpnet hele adressen fra e-posten.',
  linkGone: 'Denne lenken er allerede brukt eller har utløpt. Logg inn og bruk godkjenningskøen i stedet.',
  confirmDone: 'Beslutningen din er registrert: {decision}.',
  ...STAFF_NB,
  ...CONTEXT_NB,
};

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, nb };

export type Vars = Record<string, string | number>;

export const translate = (lang: Lang, key: MessageKey, vars: Vars = {}): string =>
  DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));

/** Keys built from API values (`status_APPROVED`); unknown values fall back to the value itself. */
export const translateValue = (lang: Lang, prefix: string, value: string): string => {
  const key = `${prefix}_${value}`;
  return key in en ? translate(lang, key as MessageKey) : value;
};

/* ---------- Errors and warnings from the API, the shared schemas and the rules ---------- */

/**
 * The API, the shared schemas and the rules say what is wrong with a machine code (problem
 * details' `code`, each field error's `code`, each warning's `code`) beside an English text
 * for people. The page words every code it knows itself, in either language, from the code, the
 * field's path and the error's `params`; a code it does not know yet shows the server's text,
 * marked as English for screen readers.
 */

type Texts = Record<Lang, string>;

export interface LocalizedText {
  text: string;
  /** The language the text is in (differs from the page when no translation is known). */
  lang: Lang;
}

/** A record's own entry (a code or path from the server may be `constructor`). */
const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** `{name}` placeholders filled in; null when a value is missing. */
const fill = (template: string, vars: Record<string, string | number>): string | null => {
  let missing = false;
  const text = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = own(vars, name);
    if (value === undefined) missing = true;
    return String(value);
  });
  return missing ? null : text;
};

/** A field path with list indexes as `#`: `software.2.name` → `software.#.name`. */
const pathPattern = (path: string) =>
  path
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? '#' : s))
    .join('.');

const CHOOSE_ONE: Texts = { en: 'Choose one of the options', nb: 'Velg ett av alternativene' };
const EMAIL: Texts = { en: 'Must be a valid e-mail address', nb: 'Må være en gyldig e-postadresse' };

/** What the generic messages call a field ("{label} is required"). */
const FIELD_LABELS: Record<string, Texts> = {
  course: { en: 'Course', nb: 'Emne' },
  'course.code': { en: 'Course code', nb: 'Emnekode' },
  'course.name': { en: 'Course name', nb: 'Emnenavn' },
  department: { en: 'Department', nb: 'Institutt' },
  contact: { en: 'Contact', nb: 'Kontaktperson' },
  'contact.name': { en: 'Contact name', nb: 'Kontaktpersonens navn' },
  exam: { en: 'Exam', nb: 'Eksamen' },
  questionSet: { en: 'Question set', nb: 'Oppgavesett' },
  studentInfo: { en: 'Student information', nb: 'Informasjon til studentene' },
  'software.#': { en: 'Each software entry', nb: 'Hvert program' },
  'software.#.name': { en: 'Software name', nb: 'Programnavn' },
};

/** A number field: the same words whether the number is missing or not a number at all. */
const numberField = (missing: Texts, others: Partial<Record<FieldErrorCode, Texts>>) => ({ required: missing, invalid_type: missing, ...others });
const startFormat: Texts = {
  en: 'Start must be a date and time with a time zone, e.g. 2027-03-10T09:00:00+01:00',
  nb: 'Start må være dato og klokkeslett med tidssone, f.eks. 2027-03-10T09:00:00+01:00',
};

const notAnObject: Texts = { en: '{label} must be an object', nb: '{label} må være et objekt' };

/** Messages for one field and code, where the generic message for the code would not do. */
const FIELD_TEXTS: Record<string, Partial<Record<FieldErrorCode, Texts>>> = {
  course: { invalid_type: notAnObject },
  contact: { invalid_type: notAnObject },
  exam: { invalid_type: notAnObject },
  questionSet: { invalid_type: notAnObject },
  studentInfo: { invalid_type: notAnObject },
  'software.#': { invalid_type: notAnObject },
  'course.code': { invalid_format: { en: 'Course code looks like TDT4100', nb: 'En emnekode ser ut som TDT4100' } },
  'contact.email': { required: EMAIL },
  'contact.phone': {
    invalid_format: { en: 'Phone number may contain digits, spaces and a leading +', nb: 'Telefonnummeret kan inneholde sifre, mellomrom og + først' },
  },
  'exam.type': { required: CHOOSE_ONE },
  'exam.start': { required: startFormat, invalid_format: startFormat },
  'exam.durationMinutes': {
    required: { en: 'Duration is required, in minutes', nb: 'Oppgi varigheten' },
    invalid_type: {
      en: 'Write the duration as minutes (150) or hours and minutes (2:30, 2 h 30 min)',
      nb: 'Skriv varigheten som minutter (150) eller timer og minutter (2:30, 2 t 30 min)',
    },
    not_integer: { en: 'Duration must be a whole number of minutes', nb: 'Varigheten må være et helt antall minutter' },
    too_small: { en: 'An exam lasts at least {minimum} minutes', nb: 'En eksamen varer minst {minimum} minutter' },
    too_big: { en: 'An exam lasts at most 14 days', nb: 'En eksamen varer høyst 14 dager' },
  },
  'exam.candidates': numberField(
    { en: 'Expected number of candidates is required', nb: 'Oppgi forventet antall kandidater' },
    {
      not_integer: { en: 'Number of candidates must be a whole number', nb: 'Antall kandidater må være et helt tall' },
      too_small: { en: 'At least one candidate', nb: 'Minst én kandidat' },
      too_big: { en: 'At most {maximum} candidates per exam', nb: 'Høyst {maximum} kandidater per eksamen' },
    },
  ),
  'questionSet.uploadAssignments': numberField(
    { en: 'Number of upload assignments is required', nb: 'Oppgi antall opplastingsoppgaver' },
    {
      too_small: { en: 'Cannot be negative', nb: 'Kan ikke være negativt' },
      too_big: { en: 'At most {maximum} upload assignments', nb: 'Høyst {maximum} opplastingsoppgaver' },
    },
  ),
  'questionSet.externalUrls': { too_big: { en: 'At most {maximum} external addresses', nb: 'Høyst {maximum} eksterne adresser' } },
  software: {
    too_small: { en: 'Name at least one program or web service', nb: 'Oppgi minst ett program eller én nettjeneste' },
    too_big: { en: 'At most {maximum} programs per request', nb: 'Høyst {maximum} programmer per forespørsel' },
  },
  'software.#.licence': { required: CHOOSE_ONE },
  'software.#.platforms': { too_small: { en: 'Name at least one platform', nb: 'Velg minst én plattform' } },
  notes: { too_big: { en: 'Notes may be at most {maximum} characters', nb: 'Merknadene kan være på høyst {maximum} tegn' } },
  comment: { too_big: { en: 'A comment may be at most {maximum} characters', nb: 'En kommentar kan ha høyst {maximum} tegn' } },
  'candidates.#.email': {
    required: { en: 'The e-mail address is missing', nb: 'E-postadressen mangler' },
    too_big: { en: 'An e-mail address is at most {maximum} characters', nb: 'En e-postadresse har høyst {maximum} tegn' },
  },
  'candidates.#.name': {
    too_big: { en: 'The name may be at most {maximum} characters', nb: 'Navnet kan ha høyst {maximum} tegn' },
    invalid_format: { en: 'The name must be one line of text', nb: 'Navnet må være én linje tekst' },
  },
  candidates: { too_big: { en: 'At most {maximum} candidates per exam', nb: 'Høyst {maximum} kandidater per eksamen' } },
  message: { required: { en: 'Write the notice the candidates should get', nb: 'Skriv meldingen kandidatene skal få' } },
  minutes: numberField(
    { en: 'Give the extra time in whole minutes (0 for none)', nb: 'Oppgi ekstra tid i hele minutter (0 for ingen)' },
    { not_integer: { en: 'Whole minutes', nb: 'Hele minutter' }, too_big: { en: 'At most {maximum} minutes', nb: 'Høyst {maximum} minutter' } },
  ),
};

/**
 * Messages by code, for any field: the first whose `params` match (and whose placeholders are
 * all known: `{label}` needs a field in FIELD_LABELS) is used.
 */
const CODE_TEXTS: { code: FieldErrorCode; params?: Record<string, string>; texts: Texts }[] = [
  { code: 'required', texts: { en: '{label} is required', nb: '{label} må fylles ut' } },
  { code: 'invalid_type', texts: { en: '{label} is required', nb: '{label} må fylles ut' } },
  { code: 'invalid_value', texts: CHOOSE_ONE },
  { code: 'not_integer', texts: { en: 'Must be a whole number', nb: 'Må være et helt tall' } },
  { code: 'too_big', params: { origin: 'string' }, texts: { en: '{label} must be at most {maximum} characters', nb: '{label} kan ha høyst {maximum} tegn' } },
  { code: 'too_big', params: { origin: 'string' }, texts: { en: 'At most {maximum} characters', nb: 'Høyst {maximum} tegn' } },
  { code: 'too_big', texts: { en: 'At most {maximum}', nb: 'Høyst {maximum}' } },
  { code: 'too_small', texts: { en: 'At least {minimum}', nb: 'Minst {minimum}' } },
  {
    code: 'invalid_format',
    params: { format: 'url' },
    texts: { en: 'Must be a web address starting with http:// or https://', nb: 'Må være en nettadresse som begynner med http:// eller https://' },
  },
  { code: 'invalid_format', params: { format: 'email' }, texts: EMAIL },
  {
    code: 'COMMENT_REQUIRED',
    texts: { en: 'Give the submitter a reason when you reject or request changes', nb: 'Gi innmelderen en begrunnelse når du avslår eller ber om endringer' },
  },
  { code: 'WEB_SERVICE_NEEDS_URL', texts: { en: 'A web service needs its address', nb: 'En nettjeneste må ha adressen sin' } },
  {
    code: 'TOO_EARLY',
    texts: {
      en: 'The exam can be registered at most {days} days before it starts; register it again closer to the date',
      nb: 'Eksamen kan meldes inn høyst {days} dager før den starter; meld den inn igjen nærmere datoen',
    },
  },
  { code: 'OUTSIDE_MAIL_DOMAINS', texts: { en: 'Must be an address in {domains}', nb: 'Må være en adresse i {domains}' } },
  { code: 'DATE_PASSED', texts: { en: 'A day that has passed cannot be changed', nb: 'En dag som er passert, kan ikke endres' } },
  {
    code: 'TOO_LATE',
    texts: { en: 'The exam must be registered at least {days} days before it starts', nb: 'Eksamen må meldes inn minst {days} dager før den starter' },
  },
  {
    code: 'HOME_EXAM_OVER_6_HOURS',
    texts: {
      en: 'Home exams longer than 6 hours are run by the department alone and are not registered with this form; contact your department administration',
      nb: 'Hjemmeeksamener over 6 timer drives av instituttet alene og meldes ikke inn med dette skjemaet; kontakt instituttadministrasjonen',
    },
  },
  {
    code: 'IN_MAIN_EXAM_PERIOD',
    texts: {
      en: 'The exam falls in the {period} ({range}), from its start to its end including extra upload time; mid-term exams must be outside the main exam periods',
      nb: 'Eksamen faller i en hovedeksamensperiode ({range}), regnet fra start til slutt med ekstra tid til opplasting; midtsemestereksamener må ligge utenfor hovedeksamensperiodene',
    },
  },
  {
    code: 'HAND_DRAWINGS_NEED_UPLOAD',
    texts: {
      en: 'A home exam with hand drawings needs at least one upload assignment so students can submit them',
      nb: 'En hjemmeeksamen med håndtegninger trenger minst én opplastingsoppgave så studentene kan levere dem',
    },
  },
  { code: 'INVALID_PAGE_TOKEN', texts: { en: 'This page token is not valid; start from the first page', nb: 'Sidemerket er ikke gyldig; start fra første side' } },
  { code: 'QUEUE_PENDING_ONLY', texts: { en: 'The queue holds registrations pending approval only', nb: 'Køen har bare registreringer som venter på godkjenning' } },
  {
    code: 'INVALID_URL_PATTERN',
    texts: { en: 'Must be an address pattern such as https://*.lovdata.no/*', nb: 'Må være et adressemønster som https://*.lovdata.no/*' },
  },
  {
    code: 'SEB_PATTERNS_REQUIRED',
    texts: { en: 'A web service needs the addresses Safe Exam Browser must allow', nb: 'En nettjeneste må ha adressene Safe Exam Browser skal slippe gjennom' },
  },
  { code: 'UNKNOWN_CATALOGUE_ENTRY', texts: { en: 'This catalogue entry does not exist', nb: 'Denne oppføringen finnes ikke i katalogen' } },
  {
    code: 'CATALOGUE_ENTRY_RETIRED',
    texts: {
      en: 'This catalogue entry is retired; pick another or type the program by hand',
      nb: 'Denne oppføringen er trukket tilbake; velg en annen eller skriv inn programmet selv',
    },
  },
];

/** A period a rule names (`from`, `to` as configured: `05-06`) as dates in words: `{range}` is "6 May – 14 June". */
const rangeVar = (lang: Lang, params: FieldError['params']): Record<string, string> =>
  typeof params?.from === 'string' && typeof params.to === 'string' ? { range: periodWords(lang, params.from, params.to) } : {};

/** A field error from the API or the shared schemas and rules, in words, by its code. */
export const translateFieldError = (lang: Lang, error: FieldError): LocalizedText => {
  const pattern = pathPattern(error.path);
  const label = own(FIELD_LABELS, pattern)?.[lang];
  const vars: Record<string, string | number> = { ...error.params, ...(label ? { label } : {}), ...rangeVar(lang, error.params) };
  const matches = (params: Record<string, string> = {}) => Object.entries(params).every(([k, v]) => error.params?.[k] === v);
  const candidates = [own(FIELD_TEXTS, pattern)?.[error.code], ...CODE_TEXTS.filter((c) => c.code === error.code && matches(c.params)).map((c) => c.texts)];
  for (const texts of candidates) {
    const text = texts ? fill(texts[lang], vars) : null;
    if (text !== null) return { text, lang };
  }
  return { text: error.message, lang: 'en' };
};

const PROBLEM_TEXTS: Record<Lang, Record<ProblemCode, string>> = {
  en: {
    VALIDATION_FAILED: 'Some fields are not valid.',
    BAD_REQUEST: 'The request could not be read.',
    UNAUTHORIZED: 'Sign in to continue.',
    FORBIDDEN: 'You do not have access to this.',
    NOT_FOUND: 'Not found: it does not exist, or you cannot see it.',
    CONFLICT: 'The registration’s current state does not allow this.',
    IDEMPOTENCY_KEY_REUSED: 'This request was already sent with other content; reload and try again.',
    IDEMPOTENCY_KEY_IN_USE: 'The same request is still being processed; try again in a moment.',
    ALREADY_DECIDED: 'This has already been decided.',
    NOT_PENDING: 'The registration is no longer waiting for approval.',
    NOT_ASKED: 'Your group is not asked to decide on this registration.',
    STALE_ROUND: 'The registration has been resubmitted since; decide on the new version.',
    CANCELLED: 'The registration has been cancelled.',
    REGISTRATION_CLOSED: 'The registration is closed: it was rejected or has expired.',
    CHANGES_NOT_REQUESTED: 'A registration can be resubmitted only when changes have been requested.',
    KIND_CHANGED: 'A registration cannot change its kind; submit a new one.',
    EXAM_STARTED: 'The exam has started; this can no longer be changed.',
    NOT_APPROVED: 'Only an approved exam can be under way.',
    LETTER_SENT: 'The exam information letter has already gone out; the candidate list can no longer change.',
    NO_EXTRA_TIME: 'An error found before the exam started needs no extra time.',
    CONCURRENT_CHANGE: 'Someone changed this at the same moment; reload and try again.',
    LINK_USED: 'This link has already been used.',
    GONE: 'This is no longer available.',
    LINK_EXPIRED: 'This link has expired.',
    ROUND_CLOSED: 'This request for a decision is closed.',
    BODY_TOO_LARGE: 'The form is too large to send.',
    UNSUPPORTED_MEDIA_TYPE: 'The request was not sent as JSON.',
    TOO_MANY_REQUESTS: 'Too many requests; wait a little and try again.',
    DEADLINE_PASSED: 'The deadline for a decision has passed; the registration expires.',
    INTERNAL: 'Something went wrong on our side; it has been logged. Try again later.',
    SERVICE_UNAVAILABLE: 'The service is busy; try again in a moment.',
  },
  nb: {
    VALIDATION_FAILED: 'Noen felt er ikke gyldige.',
    BAD_REQUEST: 'Forespørselen kunne ikke leses.',
    UNAUTHORIZED: 'Logg inn for å fortsette.',
    FORBIDDEN: 'Du har ikke tilgang til dette.',
    NOT_FOUND: 'Fant den ikke: den finnes ikke, eller du kan ikke se den.',
    CONFLICT: 'Registreringens nåværende status tillater ikke dette.',
    IDEMPOTENCY_KEY_REUSED: 'Denne forespørselen er allerede sendt med annet innhold; last inn på nytt og prøv igjen.',
    IDEMPOTENCY_KEY_IN_USE: 'Den samme forespørselen behandles fortsatt; prøv igjen om litt.',
    ALREADY_DECIDED: 'Dette er allerede avgjort.',
    NOT_PENDING: 'Registreringen venter ikke lenger på godkjenning.',
    NOT_ASKED: 'Gruppen din er ikke bedt om å avgjøre denne registreringen.',
    STALE_ROUND: 'Registreringen er sendt inn på nytt siden; ta stilling til den nye versjonen.',
    CANCELLED: 'Registreringen er trukket tilbake.',
    REGISTRATION_CLOSED: 'Registreringen er avsluttet: den ble avslått eller har utløpt.',
    CHANGES_NOT_REQUESTED: 'En registrering kan sendes inn på nytt bare når det er bedt om endringer.',
    KIND_CHANGED: 'En registrering kan ikke bytte type; send inn en ny.',
    EXAM_STARTED: 'Eksamen har startet; dette kan ikke lenger endres.',
    NOT_APPROVED: 'Bare en godkjent eksamen kan være i gang.',
    LETTER_SENT: 'Informasjonsbrevet om eksamen er allerede sendt; kandidatlisten kan ikke lenger endres.',
    NO_EXTRA_TIME: 'En feil som ble funnet før eksamen startet, gir ikke ekstra tid.',
    CONCURRENT_CHANGE: 'Noen endret dette i samme øyeblikk; last inn på nytt og prøv igjen.',
    LINK_USED: 'Denne lenken er allerede brukt.',
    GONE: 'Dette er ikke lenger tilgjengelig.',
    LINK_EXPIRED: 'Denne lenken har utløpt.',
    ROUND_CLOSED: 'Denne forespørselen om en beslutning er avsluttet.',
    BODY_TOO_LARGE: 'Skjemaet er for stort til å sendes.',
    UNSUPPORTED_MEDIA_TYPE: 'Forespørselen ble ikke sendt som JSON.',
    TOO_MANY_REQUESTS: 'For mange forespørsler; vent litt og prøv igjen.',
    DEADLINE_PASSED: 'Fristen for en beslutning er passert; registreringen utløper.',
    INTERNAL: 'Noe gikk galt hos oss; det er logget. Prøv igjen senere.',
    SERVICE_UNAVAILABLE: 'Tjenesten er opptatt; prøv igjen om litt.',
  },
};

/** A problem from the API in words, by its code. */
export const translateProblem = (lang: Lang, problem: Pick<ProblemDetails, 'code' | 'title' | 'detail'>): LocalizedText => {
  const text = own<string>(PROBLEM_TEXTS[lang], problem.code);
  return text ? { text, lang } : { text: problem.detail || problem.title, lang: 'en' };
};

/** A warning of the rules in words, by its code. */
export const translateWarning = (lang: Lang, warning: Warning): LocalizedText => {
  const text = own(WARNING_WORDS[lang], warning.code);
  return text ? { text, lang } : { text: warning.message, lang: 'en' };
};

/* ---------- Dates ---------- */

const LOCALES: Record<Lang, string> = { en: 'en-GB', nb: 'nb-NO' };

export const formatDateTime = (lang: Lang, iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));

export const formatDate = (lang: Lang, iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'full', timeZone }).format(new Date(iso));

export const formatDuration = (lang: Lang, minutes: number): string => {
  if (minutes < 60) return translate(lang, 'minutes', { n: minutes });
  const h = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? translate(lang, 'hours', { h }) : translate(lang, 'hoursMinutes', { h, m: minutes % 60 });
};

export const formatList = (lang: Lang, items: string[]): string => new Intl.ListFormat(LOCALES[lang], { style: 'long', type: 'conjunction' }).format(items);
