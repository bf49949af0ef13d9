import type { Warning } from '../../shared/contracts/registration';

/**
 * English and Norwegian Bokmål. The dictionaries share one set of keys (TypeScript checks
 * that Bokmål has every English key). Field messages come from the shared zod schemas and
 * the domain rules in English; `translateMessage` renders the known ones in Bokmål and
 * leaves any other in English, marked as such for screen readers.
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
  forbidden: 'You do not have access to this.',
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
  signInLocalIntro:
    'Local mode: choose a development identity and its roles. The local server signs the token; it is valid nowhere else.',
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
  formIntro_midterm:
    'For exams on campus and home exams of at most 6 hours outside the main exam periods. The Education Division (ED) and IT approve.',
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
  duration: 'Duration in minutes',
  examDuration: 'Duration',
  durationHint: 'Ordinary exam time, without extra time for uploads.',
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
  action_SUBMITTED: 'Submitted',
  action_RESUBMITTED: 'Resubmitted',
  action_DECIDED: 'Decision',
  action_APPROVED: 'Approved',
  action_REJECTED: 'Rejected',
  action_CHANGES_REQUESTED: 'Changes requested',
  action_CANCELLED: 'Cancelled',
  action_EXPIRED: 'Expired',
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
  queueIntro: 'Registrations waiting for {groups}, oldest first.',
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
  decisionConflict: 'This registration has already been decided or cancelled.',

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
  forbidden: 'Du har ikke tilgang til dette.',
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
  signInLocalIntro:
    'Lokal modus: velg en utviklingsidentitet og rollene dens. Den lokale serveren signerer tokenet; det gjelder ingen andre steder.',
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
  formIntro_midterm:
    'For eksamener på campus og hjemmeeksamener på inntil 6 timer utenfor hovedeksamensperiodene. Utdanningsavdelingen (UA) og IT godkjenner.',
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
  duration: 'Varighet i minutter',
  examDuration: 'Varighet',
  durationHint: 'Ordinær eksamenstid, uten ekstra tid til opplasting.',
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
  derivedIncomplete:
    'Fyll inn eksamensform, start, varighet og antall opplastingsoppgaver for å se ekstra tid, testmal og godkjennere.',
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
  action_SUBMITTED: 'Sendt inn',
  action_RESUBMITTED: 'Sendt inn på nytt',
  action_DECIDED: 'Beslutning',
  action_APPROVED: 'Godkjent',
  action_REJECTED: 'Avslått',
  action_CHANGES_REQUESTED: 'Endringer etterspurt',
  action_CANCELLED: 'Trukket tilbake',
  action_EXPIRED: 'Utløpt',
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
  queueIntro: 'Registreringer som venter på {groups}, eldste først.',
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
  decisionConflict: 'Denne registreringen er allerede avgjort eller trukket tilbake.',

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

/* ---------- Messages from the shared schemas, the domain rules and the API ---------- */

const NB_LABELS: Record<string, string> = {
  Course: 'Emne',
  'Course code': 'Emnekode',
  'Course name': 'Emnenavn',
  Department: 'Institutt',
  Contact: 'Kontaktperson',
  'Contact name': 'Kontaktpersonens navn',
  Exam: 'Eksamen',
  'Question set': 'Oppgavesett',
  'Student information': 'Informasjon til studentene',
  'Each software entry': 'Hvert program',
  'Software name': 'Programnavn',
};
const NB_PERIODS: Record<string, string> = {
  'Autumn main exam period': 'hovedeksamensperioden om høsten',
  'Spring main exam period': 'hovedeksamensperioden om våren',
};

const NB_EXACT: Record<string, string> = {
  'Must be a web address starting with http:// or https://': 'Må være en nettadresse som begynner med http:// eller https://',
  'Course code looks like TDT4100': 'En emnekode ser ut som TDT4100',
  'Must be a valid e-mail address': 'Må være en gyldig e-postadresse',
  'Phone number may contain digits, spaces and a leading +': 'Telefonnummeret kan inneholde sifre, mellomrom og + først',
  'Duration is required, in minutes': 'Oppgi varigheten i minutter',
  'Duration must be a whole number of minutes': 'Varigheten må være et helt antall minutter',
  'An exam lasts at least 15 minutes': 'En eksamen varer minst 15 minutter',
  'An exam lasts at most 14 days': 'En eksamen varer høyst 14 dager',
  'Expected number of candidates is required': 'Oppgi forventet antall kandidater',
  'Number of candidates must be a whole number': 'Antall kandidater må være et helt tall',
  'At least one candidate': 'Minst én kandidat',
  'At most 2000 candidates per exam': 'Høyst 2000 kandidater per eksamen',
  'Number of upload assignments is required': 'Oppgi antall opplastingsoppgaver',
  'Must be a whole number': 'Må være et helt tall',
  'Cannot be negative': 'Kan ikke være negativt',
  'At most 100 upload assignments': 'Høyst 100 opplastingsoppgaver',
  'At most 50 external addresses': 'Høyst 50 eksterne adresser',
  'At most 500 characters': 'Høyst 500 tegn',
  'Name at least one platform': 'Velg minst én plattform',
  'Name at least one program or web service': 'Oppgi minst ett program eller én nettjeneste',
  'At most 30 programs per request': 'Høyst 30 programmer per forespørsel',
  'A web service needs its address': 'En nettjeneste må ha adressen sin',
  'Notes may be at most 4000 characters': 'Merknadene kan være på høyst 4000 tegn',
  'Home exams longer than 6 hours are run by the department alone and are not registered with this form; contact your department administration':
    'Hjemmeeksamener over 6 timer drives av instituttet alene og meldes ikke inn med dette skjemaet; kontakt instituttadministrasjonen',
  'A home exam with hand drawings needs at least one upload assignment so students can submit them':
    'En hjemmeeksamen med håndtegninger trenger minst én opplastingsoppgave så studentene kan levere dem',
};

type Pattern = [RegExp, (...groups: string[]) => string];
const NB_PATTERNS: Pattern[] = [
  [/^(.+) is required$/, (label) => `${NB_LABELS[label] ?? label} må fylles ut`],
  [/^(.+) must be at most (\d+) characters$/, (label, n) => `${NB_LABELS[label] ?? label} kan ha høyst ${n} tegn`],
  [/^Start must be a date and time with a time zone, e\.g\. (\S+)$/, (example) => `Start må være dato og klokkeslett med tidssone, f.eks. ${example}`],
  [/^The exam must be registered at least (\d+) days before it starts$/, (n) => `Eksamen må meldes inn minst ${n} dager før den starter`],
  [
    /^The exam falls in the (.+) \((\S+) to (\S+)\); mid-term exams must be outside the main exam periods$/,
    (period, from, to) =>
      `Eksamen faller i ${NB_PERIODS[period] ?? period} (${from} til ${to}); midtsemestereksamener må ligge utenfor hovedeksamensperiodene`,
  ],
];

/** zod's own message for a choice that was not made (an enum without a custom message). */
const INVALID_OPTION = /^Invalid option/;
const CHOOSE_ONE: Record<Lang, string> = { en: 'Choose one of the options', nb: 'Velg ett av alternativene' };

export interface LocalizedText {
  text: string;
  /** The language the text is in (differs from the page when no translation is known). */
  lang: Lang;
}

export const translateMessage = (lang: Lang, message: string): LocalizedText => {
  if (INVALID_OPTION.test(message)) return { text: CHOOSE_ONE[lang], lang };
  if (lang === 'en') return { text: message, lang };
  const exact = NB_EXACT[message];
  if (exact) return { text: exact, lang };
  for (const [pattern, render] of NB_PATTERNS) {
    const m = pattern.exec(message);
    if (m) return { text: render(...m.slice(1)), lang };
  }
  return { text: message, lang: 'en' };
};

const NB_WARNINGS: Record<string, string> = {
  SEB_EXTERNAL_URLS:
    'Safe Exam Browser blokkerer alle nettsteder unntatt Inspera. Eksterne adresser krever avtale med UA og IT, derfor er godkjenning fra UA lagt til.',
  EXTERNAL_RESOURCES_UNRELIABLE:
    'Eksterne ressurser kan bli utilgjengelige eller endre seg under eksamen; last opp innhold som er avgjørende for eksamen til Inspera som en del av oppgavesettet.',
  SOFTWARE_WITHOUT_UPLOAD: 'Oppgavesettet bør ha minst én opplastingsoppgave så studentene kan laste opp filene sine.',
  INSPERA_SCAN: 'Håndtegninger på skoleeksamen bruker testmalen InsperaScan; kontakt instituttadministrasjonen for å bruke den.',
};

export const translateWarning = (lang: Lang, warning: Warning): LocalizedText => {
  const nbText = lang === 'nb' ? NB_WARNINGS[warning.code] : undefined;
  return nbText ? { text: nbText, lang } : { text: warning.message, lang: 'en' };
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

export const formatList = (lang: Lang, items: string[]): string =>
  new Intl.ListFormat(LOCALES[lang], { style: 'long', type: 'conjunction' }).format(items);
