import type { Warning } from '../contracts/registration';

/**
 * The rules' advice (ruleWarnings) in each language, by code: the web app shows it beside the
 * form and the staff e-mails quote it, in the reader's language.
 */
export const WARNING_WORDS: Record<'en' | 'nb', Record<Warning['code'], string>> = {
  en: {
    SEB_EXTERNAL_URLS:
      'Safe Exam Browser blocks every website except Inspera. External addresses, web services and software that runs in the browser need an agreement with ED and IT, so ED approval has been added.',
    EXTERNAL_RESOURCES_UNRELIABLE:
      'External resources may become unavailable or change during the exam; upload content critical to the exam to Inspera as part of the question set.',
    SOFTWARE_WITHOUT_UPLOAD: 'The question set should include at least one upload assignment so students can upload their files.',
    INSPERA_SCAN: 'Hand drawings on a school exam use the InsperaScan test template; contact your department administration to use it.',
    DUPLICATE_PENDING_REQUEST: 'An identical request for this exam (the same course, start and programs) is already pending.',
  },
  nb: {
    SEB_EXTERNAL_URLS:
      'Safe Exam Browser blokkerer alle nettsteder unntatt Inspera. Eksterne adresser, nettjenester og programvare som kjører i nettleseren krever avtale med UA og IT, derfor er godkjenning fra UA lagt til.',
    EXTERNAL_RESOURCES_UNRELIABLE:
      'Eksterne ressurser kan bli utilgjengelige eller endre seg under eksamen; last opp innhold som er avgjørende for eksamen til Inspera som en del av oppgavesettet.',
    SOFTWARE_WITHOUT_UPLOAD: 'Oppgavesettet bør ha minst én opplastingsoppgave så studentene kan laste opp filene sine.',
    INSPERA_SCAN: 'Håndtegninger på skoleeksamen bruker testmalen InsperaScan; kontakt instituttadministrasjonen for å bruke den.',
    DUPLICATE_PENDING_REQUEST: 'En identisk forespørsel for denne eksamenen (samme emne, start og programmer) venter allerede.',
  },
};

/** A warning in a language; a code without words there keeps the rules' English. */
export const warningIn = (lang: 'en' | 'nb', warning: Warning): string =>
  (Object.hasOwn(WARNING_WORDS[lang], warning.code) ? WARNING_WORDS[lang][warning.code] : undefined) ?? warning.message;
