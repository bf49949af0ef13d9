/**
 * The words of decisions in context (what a resubmission changed, who a decision through an
 * e-mail link is recorded as, what a resubmission keeps) and of software for an exam, in
 * English and Bokmål. Merged into the dictionaries of ./i18n; TypeScript checks that Bokmål
 * has every English key.
 */
export const CONTEXT_EN = {
  changesTitle: 'Changed since round {round}',
  changesField: 'Field',
  changesBefore: 'Before',
  changesNow: 'Now',
  changesNotShown: 'Changed (too long to show here)',
  changesProgramAdded: 'Added',
  changesProgramRemoved: 'Removed',
  changedFieldsCount: '{n} changed',

  linkAsYou: 'You are signed in as {name}, a member of {group}: your decision is recorded in your name.',
  linkAsMailbox: 'You are not signed in: the decision is recorded as made through the link sent to {mailbox}. Sign in first to have it recorded in your name.',
  linkAsMailboxNotMember: 'You are signed in as {name}, who is not a member of {group}: the decision is recorded as made through the link sent to {mailbox}.',
  linkMailboxUnknown: 'the group’s mailbox',

  resubmitRequestTitle: 'What the approvers asked for',
  resubmitRequestBy: '{group} asked for changes',
  resubmitRequestNoComment: 'No comment was given.',
  resubmitKeptTitle: 'Approvals already given',
  resubmitKept: '{group} has approved. The approval is kept as long as you do not change: {scope}.',
  resubmitUndone: 'Your changes to {fields} undo the approval of {group}: {group} will be asked again.',
  scope_kind: 'the kind of form',
  scope_course: 'the course',
  scope_department: 'the department',
  scope_exam: 'the exam (type, start, duration, candidates)',
  scope_questionSet: 'the question set',
  scope_software: 'the software',
  scope_additionalMinutes: 'the extra time for uploads',
  'scope_questionSet.externalUrls': 'the external addresses',
  'scope_questionSet.handDrawings': 'hand drawings',
  scope_websites: 'what runs as a website',

  requestSoftwareForExam: 'Request software for this exam',
  softwareFromTitle: 'Request software for {code}',
  softwareFromIntro: 'The course, the exam and the question set are filled in from the registration. Name the programs, then submit.',
  duplicatePending: 'You already have a request pending for the same course, exam and programs: {link}. Sending this one makes a second request.',
  duplicatePendingLink: '{code}, submitted {date}',
  duplicateSendAnyway: 'Send a second request anyway',
  errorInProgram: 'Program {n}: {message}',
} as const;

export const CONTEXT_NB: Record<keyof typeof CONTEXT_EN, string> = {
  changesTitle: 'Endret siden runde {round}',
  changesField: 'Felt',
  changesBefore: 'Før',
  changesNow: 'Nå',
  changesNotShown: 'Endret (for langt til å vises her)',
  changesProgramAdded: 'Lagt til',
  changesProgramRemoved: 'Fjernet',
  changedFieldsCount: '{n} endret',

  linkAsYou: 'Du er logget inn som {name}, medlem av {group}: beslutningen registreres i ditt navn.',
  linkAsMailbox: 'Du er ikke logget inn: beslutningen registreres som tatt via lenken sendt til {mailbox}. Logg inn først for å få den registrert i ditt navn.',
  linkAsMailboxNotMember: 'Du er logget inn som {name}, som ikke er medlem av {group}: beslutningen registreres som tatt via lenken sendt til {mailbox}.',
  linkMailboxUnknown: 'gruppens e-postadresse',

  resubmitRequestTitle: 'Dette ba godkjennerne om',
  resubmitRequestBy: '{group} ba om endringer',
  resubmitRequestNoComment: 'Ingen kommentar ble gitt.',
  resubmitKeptTitle: 'Godkjenninger som er gitt',
  resubmitKept: '{group} har godkjent. Godkjenningen beholdes så lenge du ikke endrer: {scope}.',
  resubmitUndone: 'Endringene dine i {fields} opphever godkjenningen fra {group}: {group} blir spurt på nytt.',
  scope_kind: 'skjematypen',
  scope_course: 'emnet',
  scope_department: 'instituttet',
  scope_exam: 'eksamen (type, start, varighet, kandidater)',
  scope_questionSet: 'oppgavesettet',
  scope_software: 'programvaren',
  scope_additionalMinutes: 'ekstra tid til opplasting',
  'scope_questionSet.externalUrls': 'de eksterne adressene',
  'scope_questionSet.handDrawings': 'håndtegninger',
  scope_websites: 'det som kjører som nettsted',

  requestSoftwareForExam: 'Be om programvare til denne eksamenen',
  softwareFromTitle: 'Be om programvare til {code}',
  softwareFromIntro: 'Emnet, eksamen og oppgavesettet er fylt ut fra registreringen. Oppgi programmene og send inn.',
  duplicatePending: 'Du har allerede en forespørsel som venter for samme emne, eksamen og programmer: {link}. Sender du denne, blir det en forespørsel til.',
  duplicatePendingLink: '{code}, sendt inn {date}',
  duplicateSendAnyway: 'Send en forespørsel til likevel',
  errorInProgram: 'Program {n}: {message}',
};
