import type { LetterLanguage } from '../contracts/languages';
import type { ExamType } from '../contracts/registration';

/**
 * The words of the student letters, in each language (student-letter.ts lays them out).
 * Sentences are whole, so each reads naturally in its language.
 */
export const PLATFORM_NAMES = { windows: 'Windows', macos: 'macOS', linux: 'Linux' } as const;

const durationIn =
  (hour: [string, string], minute: [string, string], and: string) =>
  (total: number): string => {
    const h = Math.floor(total / 60);
    const m = total % 60;
    const parts = [h > 0 && `${h} ${hour[h === 1 ? 0 : 1]}`, m > 0 && `${m} ${minute[m === 1 ? 0 : 1]}`].filter(Boolean);
    return parts.join(` ${and} `);
  };

/** Everything a student letter says, in one language. Sentences are whole so each reads naturally. */
export interface Words {
  locale: string;
  /** Shown at the top of a letter when this language follows further down. */
  versionBelow: string;
  examType: Record<ExamType, string>;
  duration: (minutes: number) => string;
  /** A clock time, and a clock time on another day than the exam starts. */
  clock: (time: string) => string;
  onDate: (date: string, time: string) => string;
  until: string;
  help: { heading: string; general: string; duringExam: string; now: (phone: string) => string };
  closing: string;
  letter: {
    subject: string;
    intro: (course: string) => string;
    when: string;
    labels: { type: string; date: string; time: string; extra: string };
    extra: (minutes: number, phone: string) => string;
    prepare: string;
    readyCourse: string;
    demoTest: string;
    demoTestUrl: string;
    coverPage: string;
    uploads: { heading: string; count: (n: number) => string; personalData: string; continuously: string };
    zip: { heading: string; text: string };
    drawings: { heading: string } & Record<ExamType, { text: string; steps: string[] }>;
    cheating: { heading: string; text: string };
    citation: { heading: string; text: string };
  };
  software: {
    subject: string;
    intro: (course: string, when: string) => string;
    heading: string;
    install: string;
    webServices: string;
    webService: string;
    browser: string;
    trouble: (phone: string) => string;
    /** Heading of a program's install-and-test instructions from the software catalogue. */
    instructions: (program: string) => string;
  };
  incident: { subject: string; intro: (course: string) => string };
}

export const WORDS: Record<LetterLanguage, Words> = {
  nb: {
    locale: 'nb-NO',
    versionBelow: 'Norsk versjon lenger ned.',
    examType: { home: 'Hjemmeeksamen', school: 'Skriftlig skoleeksamen' },
    duration: durationIn(['time', 'timer'], ['minutt', 'minutter'], 'og'),
    clock: (time) => `kl. ${time}`,
    onDate: (date, time) => `${date} kl. ${time}`,
    until: 'til',
    help: {
      heading: 'Hjelp',
      general: 'Generelle spørsmål:',
      duringExam: 'Akutt hjelp under eksamen:',
      now: (phone) => `Trenger du hjelp nå, ring ${phone} (akutt hjelp under eksamen).`,
    },
    closing: 'Lykke til med eksamen!',
    letter: {
      subject: 'Eksamensinformasjon',
      intro: (course) => `Hei! Her er det du trenger å vite før eksamen i ${course}. Les gjennom, og gjør forberedelsene i god tid før eksamensdagen.`,
      when: 'Dato og tid',
      labels: { type: 'Eksamensform', date: 'Dato', time: 'Tid', extra: 'Ekstra tid til opplasting' },
      extra: (minutes, phone) =>
        `De ${minutes} minuttene er satt av til opplasting og innlevering. De er ikke en del av eksamenstiden som står på forsiden. Får du tekniske problemer når du skal levere, ring ${phone} før tiden er ute.`,
      prepare: 'Forbered deg',
      readyCourse: 'Ta kurset «Klar for eksamen», og bli kjent med informasjonen på temasiden om eksamen.',
      demoTest: 'Ta en demoprøve i Inspera, så du vet hvordan eksamen fungerer.',
      demoTestUrl: 'Ta demoprøven for dette emnet, så du vet hvordan eksamen fungerer:',
      coverPage: 'Les forsiden til eksamen på forhånd. Den har nyttig informasjon som er lett å overse på eksamensdagen:',
      uploads: {
        heading: 'Opplasting av filer',
        count: (n) =>
          n === 1
            ? 'Oppgavesettet har 1 opplastingsoppgave, der du laster opp en fil som svar.'
            : `Oppgavesettet har ${n} opplastingsoppgaver, der du laster opp filer som svar.`,
        personalData: 'Lær deg på forhånd hvordan du fjerner personopplysninger, som navn og brukernavn, fra filene du leverer – også fra filegenskapene.',
        continuously: 'Last opp filene fortløpende underveis i prøven, ikke alle til slutt.',
      },
      zip: {
        heading: 'Levering av .zip-filer',
        text: 'Du skal levere minst én .zip-fil. Øv på å lage en .zip-fil (komprimert mappe) før eksamen, så du vet hvordan det gjøres.',
      },
      drawings: {
        heading: 'Håndtegninger',
        home: {
          text: 'Du skal levere håndtegninger. På hjemmeeksamen digitaliserer du tegningene selv og laster dem opp i en opplastingsoppgave.',
          steps: [
            'Sjekk at du har utstyret du trenger: papir, skrivesaker og en mobil med kamera eller en skanner.',
            'Øv på å skanne eller fotografere en tegning, lagre den som PDF og laste den opp.',
            'Les brukerveiledningen for studenter om håndtegninger på hjemmeeksamen.',
          ],
        },
        school: {
          text: 'Du kan svare med håndtegninger. Du tegner på papir i eksamenslokalet, og tegningene skannes med InsperaScan. Du trenger ikke laste dem opp selv.',
          steps: [
            'Ta med det du trenger for å tegne, for eksempel blyant, viskelær og linjal.',
            'Les brukerveiledningen for studenter om håndtegninger på skoleeksamen.',
          ],
        },
      },
      cheating: {
        heading: 'Fusk og plagiat',
        text: 'Det er fusk å levere andres tekst, kode, figurer eller ideer som dine egne uten å oppgi kilden, å samarbeide med andre når det ikke er tillatt, og å bruke hjelpemidler som ikke er tillatt. Besvarelsene kan bli kontrollert for plagiat. Fusk kan føre til at eksamen blir annullert.',
      },
      citation: { heading: 'Sitering og kildehenvisning', text: 'Når du bruker kilder, skal du oppgi dem etter disse reglene:' },
    },
    software: {
      subject: 'Programvare til eksamen',
      intro: (course, when) => `Du skal bruke programvare på eksamen i ${course}, ${when}.`,
      heading: 'Programvare',
      install: 'Installer og test programmene på maskinen du skal bruke, i god tid før eksamen.',
      webServices: 'Sjekk at du kommer inn på nettjenestene og at de virker.',
      webService: 'nettjeneste',
      browser: 'nettleser',
      trouble: (phone) => `Får du det ikke til å virke, ta kontakt i god tid før eksamen: ${phone}.`,
      instructions: (program) => `Slik installerer og tester du ${program}:`,
    },
    incident: {
      subject: 'Feil i oppgavesettet',
      intro: (course) => `Faglæreren har sendt denne meldingen til alle kandidatene på eksamen i ${course}:`,
    },
  },
  en: {
    locale: 'en-GB',
    versionBelow: 'English version below.',
    examType: { home: 'Home exam', school: 'Written school exam' },
    duration: durationIn(['hour', 'hours'], ['minute', 'minutes'], 'and'),
    clock: (time) => time,
    onDate: (date, time) => `${date}, ${time}`,
    until: 'until',
    help: {
      heading: 'Help',
      general: 'General enquiries:',
      duringExam: 'Immediate help during an exam:',
      now: (phone) => `If you need help now, call ${phone} (immediate help during an exam).`,
    },
    closing: 'Good luck with the exam!',
    letter: {
      subject: 'Exam information',
      intro: (course) => `Hello! Here is what you need to know before the exam in ${course}. Read it through, and get ready well before the exam day.`,
      when: 'Date and time',
      labels: { type: 'Type of exam', date: 'Date', time: 'Time', extra: 'Extra time for uploading' },
      extra: (minutes, phone) =>
        `The ${minutes} minutes are reserved for uploading and submission. They are not part of the exam time given on the cover page. If you have technical problems when you submit, call ${phone} before the time is up.`,
      prepare: 'Get ready',
      readyCourse: 'Take the course “Ready for the exam”, and get to know the information on the topic page about exams.',
      demoTest: 'Take a demo test in Inspera, so you know how the exam works.',
      demoTestUrl: 'Take the demo test for this course, so you know how the exam works:',
      coverPage: 'Read the cover page of the exam beforehand. It has useful information that is easy to miss on the exam day:',
      uploads: {
        heading: 'Uploading files',
        count: (n) =>
          n === 1
            ? 'The question set has 1 upload assignment, where you upload a file as your answer.'
            : `The question set has ${n} upload assignments, where you upload files as your answers.`,
        personalData:
          'Learn beforehand how to remove personal information, such as your name and username, from the files you submit – including the file properties.',
        continuously: 'Upload your files continuously during the test, not all at the end.',
      },
      zip: {
        heading: 'Submitting .zip files',
        text: 'You will submit at least one .zip file. Practise making a .zip file (a compressed folder) before the exam, so you know how it is done.',
      },
      drawings: {
        heading: 'Hand drawings',
        home: {
          text: 'You will submit hand drawings. In a home exam you digitize the drawings yourself and upload them in an upload assignment.',
          steps: [
            'Make sure you have the equipment you need: paper, something to draw with, and a phone with a camera or a scanner.',
            'Practise scanning or photographing a drawing, saving it as a PDF and uploading it.',
            'Read the user guide for students on hand drawings in home exams.',
          ],
        },
        school: {
          text: 'You can answer with hand drawings. You draw on paper in the exam room, and the drawings are scanned with InsperaScan. You do not upload them yourself.',
          steps: ['Bring what you need to draw, for example a pencil, an eraser and a ruler.', 'Read the user guide for students on hand drawings in school exams.'],
        },
      },
      cheating: {
        heading: 'Cheating and plagiarism',
        text: 'Handing in other people’s text, code, figures or ideas as your own without citing the source, working with others when it is not allowed, and using aids that are not permitted are cheating. Answers may be checked for plagiarism. Cheating can lead to the exam being annulled.',
      },
      citation: { heading: 'Citation and references', text: 'When you use sources, cite them according to these rules:' },
    },
    software: {
      subject: 'Software for the exam',
      intro: (course, when) => `You will use software in the exam in ${course}, ${when}.`,
      heading: 'Software',
      install: 'Install and test the programs on the computer you will use, well before the exam.',
      webServices: 'Check that you can get into the web services and that they work.',
      webService: 'web service',
      browser: 'web browser',
      trouble: (phone) => `If you cannot get it to work, get in touch well before the exam: ${phone}.`,
      instructions: (program) => `How to install and test ${program}:`,
    },
    incident: {
      subject: 'Error in the question set',
      intro: (course) => `Your teacher has sent this message to all candidates in the exam in ${course}:`,
    },
  },
};
