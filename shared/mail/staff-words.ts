import type { Capacity } from '../contracts/calendar';
import type { LetterLanguage } from '../contracts/languages';
import type { ApproverGroup, Derived, ExamType, RegistrationInput } from '../contracts/registration';

/**
 * The words of the e-mails to staff (approver groups and submitters), in each language
 * (render.ts lays them out). Group names are those the web app uses: the IT department and
 * the Education Division (ED) in English, IT-avdelingen and Utdanningsavdelingen (UA) in Bokmål.
 */
type Stage = 'initial' | 'reminder' | 'escalation';
type Outcome = 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED' | 'EXPIRED' | 'CANCELLED';

export interface StaffWords {
  locale: string;
  /** Said at the top of an e-mail when this language follows further down. */
  versionBelow: string;
  labels: Record<
    | 'reference'
    | 'course'
    | 'form'
    | 'department'
    | 'contact'
    | 'exam'
    | 'candidates'
    | 'uploads'
    | 'template'
    | 'externalUrls'
    | 'software'
    | 'approvers'
    | 'studentsInformedBy',
    string
  >;
  kind: Record<RegistrationInput['kind'], string>;
  examType: Record<ExamType, string>;
  /** In a subject: "TDT4100 school exam 10 Mar 2027". */
  examTypeShort: Record<ExamType, string>;
  template: Record<Derived['testTemplate'], string>;
  group: Record<ApproverGroup, string>;
  /** The group's short name, in a subject's brackets. */
  groupTag: Record<ApproverGroup, string>;
  duration: (minutes: number) => string;
  forUploads: (minutes: number) => string;
  round: (n: number) => string;
  list: (items: string[]) => string;
  warnings: string;
  warning: string;
  notes: string;
  help: { general: string; duringExam: string };
  stage: Record<Stage, { prefix: string; intro: string }>;
  review: string;
  openingChangesNothing: string;
  /** A resubmission's changes: the heading and the table's columns. */
  changedSince: (round: number) => string;
  changedField: string;
  changedBefore: string;
  changedNow: string;
  /** Said below the changes an e-mail lists when there are more, before the registration's address. */
  moreChanges: (n: number) => string;
  capacityTitle: (group: string) => string;
  capacityLine: (c: Capacity[string]) => string;
  outcome: Record<Outcome, { title: string; intro: string }>;
  lateStudentInfo: string;
  openRegistration: string;
}

const durationIn =
  (hour: [string, string], minute: [string, string], and: string) =>
  (total: number): string => {
    const h = Math.floor(total / 60);
    const m = total % 60;
    const parts = [h > 0 && `${h} ${hour[h === 1 ? 0 : 1]}`, (m > 0 || h === 0) && `${m} ${minute[m === 1 ? 0 : 1]}`].filter(Boolean);
    return parts.join(` ${and} `);
  };

const listIn = (locale: string) => (items: string[]) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);

export const STAFF_WORDS: Record<LetterLanguage, StaffWords> = {
  en: {
    locale: 'en-GB',
    versionBelow: 'English version below.',
    labels: {
      reference: 'Reference',
      course: 'Course',
      form: 'Form',
      department: 'Department',
      contact: 'Contact',
      exam: 'Exam',
      candidates: 'Candidates',
      uploads: 'Upload assignments',
      template: 'Test template',
      externalUrls: 'External addresses',
      software: 'Software',
      approvers: 'Approvers',
      studentsInformedBy: 'Students informed by',
    },
    kind: { midterm: 'Mid-term exam registration', software: 'Exam with software request' },
    examType: { home: 'Home exam', school: 'Written school exam' },
    examTypeShort: { home: 'home exam', school: 'school exam' },
    template: { standard: 'Standard', 'inspera-scan': 'InsperaScan (hand drawings)' },
    group: { IT: 'IT department', ED: 'Education Division (ED)' },
    groupTag: { IT: 'IT', ED: 'ED' },
    duration: durationIn(['hour', 'hours'], ['minute', 'minutes'], 'and'),
    forUploads: (n) => `${n} minutes for uploads`,
    round: (n) => `round ${n}`,
    list: listIn('en-GB'),
    warnings: 'Warnings',
    warning: 'Warning',
    notes: 'Notes from the submitter',
    help: { general: 'General enquiries', duringExam: 'Immediate help during an exam' },
    stage: {
      initial: { prefix: 'Decision wanted', intro: 'A registration waits for your group’s decision.' },
      reminder: { prefix: 'Reminder: decision wanted', intro: 'This registration still waits for your group’s decision.' },
      escalation: {
        prefix: 'Escalation: no decision yet',
        intro: 'No one in the group has decided on this registration. Without a decision it expires and the students cannot be informed in time.',
      },
    },
    review: 'Review and decide',
    openingChangesNothing: 'Opening the link changes nothing: you confirm your decision on the page.',
    changedSince: (round) => `Changed since round ${round}`,
    changedField: 'Field',
    changedBefore: 'Before',
    changedNow: 'Now',
    moreChanges: (n) => `… and ${n} more ${n === 1 ? 'change' : 'changes'}, all shown on the registration:`,
    capacityTitle: (group) => `Capacity (${group})`,
    capacityLine: (c) =>
      `this exam needs ${c.demand}; at the busiest moment the approved exams and this one need ${c.committedPeak} (${c.tentativePeak} with the pending ones); ${c.staffOnDuty} on duty.`,
    outcome: {
      APPROVED: { title: 'Approved', intro: 'Your registration is approved by every group. The students will get the exam information on time.' },
      REJECTED: { title: 'Rejected', intro: 'Your registration was rejected.' },
      CHANGES_REQUESTED: { title: 'Changes requested', intro: 'Changes were requested. Edit the registration and submit it again.' },
      EXPIRED: { title: 'Expired', intro: 'No decision came in time, so the registration expired. Contact the Education Division (ED) or the IT department.' },
      CANCELLED: { title: 'Cancelled', intro: 'The registration was cancelled.' },
    },
    lateStudentInfo:
      'Note: the date by which students must be informed (a week before the exam) has passed, so the exam information goes out to the candidates now.',
    openRegistration: 'Open the registration',
  },
  nb: {
    locale: 'nb-NO',
    versionBelow: 'Norsk versjon lenger ned.',
    labels: {
      reference: 'Referanse',
      course: 'Emne',
      form: 'Skjema',
      department: 'Institutt',
      contact: 'Kontaktperson',
      exam: 'Eksamen',
      candidates: 'Kandidater',
      uploads: 'Opplastingsoppgaver',
      template: 'Testmal',
      externalUrls: 'Eksterne adresser',
      software: 'Programvare',
      approvers: 'Godkjennere',
      studentsInformedBy: 'Studentene informeres innen',
    },
    kind: { midterm: 'Innmelding av midtsemestereksamen', software: 'Bestilling av programvare til eksamen' },
    examType: { home: 'Hjemmeeksamen', school: 'Skriftlig skoleeksamen' },
    examTypeShort: { home: 'hjemmeeksamen', school: 'skoleeksamen' },
    template: { standard: 'Standard', 'inspera-scan': 'InsperaScan (håndtegninger)' },
    group: { IT: 'IT-avdelingen', ED: 'Utdanningsavdelingen (UA)' },
    groupTag: { IT: 'IT', ED: 'UA' },
    duration: durationIn(['time', 'timer'], ['minutt', 'minutter'], 'og'),
    forUploads: (n) => `${n} minutter til opplasting`,
    round: (n) => `runde ${n}`,
    list: listIn('nb-NO'),
    warnings: 'Advarsler',
    warning: 'Advarsel',
    notes: 'Merknader fra innmelder',
    help: { general: 'Generelle spørsmål', duringExam: 'Akutt hjelp under eksamen' },
    stage: {
      initial: { prefix: 'Beslutning ønskes', intro: 'En registrering venter på beslutning fra gruppen din.' },
      reminder: { prefix: 'Påminnelse: beslutning ønskes', intro: 'Denne registreringen venter fortsatt på beslutning fra gruppen din.' },
      escalation: {
        prefix: 'Eskalering: ingen beslutning ennå',
        intro: 'Ingen i gruppen har tatt stilling til denne registreringen. Uten en beslutning utløper den, og studentene kan ikke informeres i tide.',
      },
    },
    review: 'Se gjennom og avgjør',
    openingChangesNothing: 'Å åpne lenken endrer ingenting: du bekrefter beslutningen din på siden.',
    changedSince: (round) => `Endret siden runde ${round}`,
    changedField: 'Felt',
    changedBefore: 'Før',
    changedNow: 'Nå',
    moreChanges: (n) => `… og ${n} ${n === 1 ? 'endring' : 'endringer'} til, alle vist på registreringen:`,
    capacityTitle: (group) => `Kapasitet (${group})`,
    capacityLine: (c) =>
      `denne eksamenen trenger ${c.demand}; på det travleste trenger de godkjente eksamenene og denne ${c.committedPeak} (${c.tentativePeak} med de ventende); ${c.staffOnDuty} på vakt.`,
    outcome: {
      APPROVED: { title: 'Godkjent', intro: 'Registreringen din er godkjent av alle gruppene. Studentene får eksamensinformasjonen i tide.' },
      REJECTED: { title: 'Avslått', intro: 'Registreringen din ble avslått.' },
      CHANGES_REQUESTED: { title: 'Endringer etterspurt', intro: 'Det er bedt om endringer. Endre registreringen og send den inn på nytt.' },
      EXPIRED: {
        title: 'Utløpt',
        intro: 'Ingen beslutning kom i tide, så registreringen har utløpt. Kontakt Utdanningsavdelingen (UA) eller IT-avdelingen.',
      },
      CANCELLED: { title: 'Trukket tilbake', intro: 'Registreringen ble trukket tilbake.' },
    },
    lateStudentInfo: 'Merk: fristen for å informere studentene (en uke før eksamen) er passert, så eksamensinformasjonen sendes til kandidatene nå.',
    openRegistration: 'Åpne registreringen',
  },
};
