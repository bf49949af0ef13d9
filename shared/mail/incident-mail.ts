import type { LetterLanguage } from '../contracts/languages';
import type { Registration } from '../contracts/registration';
import type { Incident } from '../contracts/student-notices';
import {
  LAYOUT_END,
  LAYOUT_START,
  type MailContext,
  PARTS_HTML,
  PARTS_TEXT,
  approverLanguages,
  common,
  mailTemplate,
  renderTemplate,
  subjectDate,
  submitterLanguage,
} from './render';
import { STAFF_WORDS, type StaffWords } from './staff-words';

/**
 * The e-mail to the people who handle an error in the question set (R8): the teacher (before
 * the start, and for the department route) in the teacher's language, or IT and ED (during a
 * school exam or a home exam of at most 6 h) and the department's planner in the languages of
 * the staff mailboxes.
 */
const handlerMail = mailTemplate({
  html: `${LAYOUT_START}${PARTS_HTML(`<h1 style="font-size:20px"><%= f.subject %></h1><p><%= f.intro %></p>
<blockquote style="border-left:4px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap"><%= it.message %></blockquote>
<p><%= f.exam %></p>
<p><%= f.action %></p><p style="font-size:13px;color:#555"><%= f.help %></p>`)}${LAYOUT_END}`,
  text: PARTS_TEXT(`<%= f.subject %>

<%= f.intro %>

<%= it.quote(it.message) %>

<%= f.exam %>

<%= f.action %>
<%= f.help %>
`),
});

/** Who is mailed on each route: the teacher who reported it, or IT and ED. */
export const ROUTE_WORDS: Record<Incident['route'], { to: 'owner' | 'it-ed' }> = {
  PLANNER: { to: 'owner' },
  IT_ED: { to: 'it-ed' },
  DEPARTMENT: { to: 'owner' },
};

type IncidentWords = {
  subject: (code: string, before: boolean) => string;
  route: Record<Incident['route'], { intro: string; action: string }>;
  exam: (r: Registration, w: StaffWords) => string;
  help: (phone: string) => string;
  planner: { subject: (code: string, exam: string) => string; intro: (name: string, email: string) => string; action: string };
};

const INCIDENT_WORDS: Record<LetterLanguage, IncidentWords> = {
  en: {
    subject: (code, before) => `Error in the question set: ${code} (${before ? 'before the exam' : 'during the exam'})`,
    route: {
      PLANNER: {
        intro: 'You reported an error in the question set before the exam started.',
        action: 'Correct the question set, then ask the planner (administrative staff) at your department to update the test with the latest version.',
      },
      IT_ED: {
        intro: 'A teacher reported an error in the question set of an ongoing exam. The candidates have been sent the teacher’s notice below.',
        action: 'Assess with the teacher whether the candidates need extra time, and record the decision on the incident.',
      },
      DEPARTMENT: {
        intro: 'You reported an error in the question set of an ongoing home exam of more than 6 hours. The candidates have been sent your notice below.',
        action: 'Contact your department administration now; together you assess whether the candidates need extra time, and record the decision on the incident.',
      },
    },
    exam: (r, w) =>
      `Course ${r.form.course.code} ${r.form.course.name}, ${w.examTypeShort[r.form.exam.type]}, ${w.duration(r.form.exam.durationMinutes)}. Reference ${r.id}.`,
    help: (phone) => `Immediate help during an exam: ${phone}`,
    planner: {
      subject: (code, exam) => `Update the test: ${code} ${exam} (error in the question set)`,
      intro: (name, email) => `${name} (${email}) found an error in the question set before the exam started and is correcting it. Their message:`,
      action:
        'Update the test in Inspera with the latest version of the question set as soon as the teacher has corrected it, before the exam starts, and tell the teacher when it is done.',
    },
  },
  nb: {
    subject: (code, before) => `Feil i oppgavesettet: ${code} (${before ? 'før eksamen' : 'under eksamen'})`,
    route: {
      PLANNER: {
        intro: 'Du meldte en feil i oppgavesettet før eksamen startet.',
        action: 'Rett oppgavesettet, og be så planleggeren (administrativt ansatt) ved instituttet ditt om å oppdatere testen med siste versjon.',
      },
      IT_ED: {
        intro: 'En faglærer meldte en feil i oppgavesettet til en pågående eksamen. Kandidatene har fått faglærerens melding nedenfor.',
        action: 'Vurder sammen med faglæreren om kandidatene trenger ekstra tid, og registrer beslutningen på hendelsen.',
      },
      DEPARTMENT: {
        intro: 'Du meldte en feil i oppgavesettet til en pågående hjemmeeksamen på mer enn 6 timer. Kandidatene har fått meldingen din nedenfor.',
        action: 'Kontakt instituttadministrasjonen nå; sammen vurderer dere om kandidatene trenger ekstra tid, og registrerer beslutningen på hendelsen.',
      },
    },
    exam: (r, w) =>
      `Emne ${r.form.course.code} ${r.form.course.name}, ${w.examTypeShort[r.form.exam.type]}, ${w.duration(r.form.exam.durationMinutes)}. Referanse ${r.id}.`,
    help: (phone) => `Akutt hjelp under eksamen: ${phone}`,
    planner: {
      subject: (code, exam) => `Oppdater testen: ${code} ${exam} (feil i oppgavesettet)`,
      intro: (name, email) => `${name} (${email}) fant en feil i oppgavesettet før eksamen startet og retter den. Meldingen:`,
      action:
        'Oppdater testen i Inspera med siste versjon av oppgavesettet så snart faglæreren har rettet det, før eksamen starter, og si fra til faglæreren når det er gjort.',
    },
  },
};

/** The handlers' e-mail of an incident, with the teacher's message. */
export const renderIncidentHandlerMail = (r: Registration, route: Incident['route'], message: string, ctx: MailContext) => {
  const langs = ROUTE_WORDS[route].to === 'owner' ? [submitterLanguage(r, ctx)] : approverLanguages(ctx);
  const parts = langs.map((lang) => {
    const words = INCIDENT_WORDS[lang];
    return {
      lang,
      subject: words.subject(r.form.course.code, route === 'PLANNER'),
      ...words.route[route],
      exam: words.exam(r, STAFF_WORDS[lang]),
      help: words.help(ctx.phones.duringExam),
    };
  });
  const subject = parts[0]?.subject ?? '';
  return renderTemplate(handlerMail, subject, { ...common(r, ctx, langs), subject, message, parts });
};

/**
 * R8, before the start: "Contact the planner/administrative staff at your department and ask
 * for the test to be updated with the latest version." The planner's e-mail, with the teacher's
 * message and what to update.
 */
export const renderPlannerMail = (r: Registration, message: string, ctx: MailContext) => {
  const langs = approverLanguages(ctx);
  const parts = langs.map((lang) => {
    const words = INCIDENT_WORDS[lang];
    const w = STAFF_WORDS[lang];
    return {
      lang,
      subject: words.planner.subject(r.form.course.code, `${w.examTypeShort[r.form.exam.type]} ${subjectDate(r.form.exam.start, ctx.timeZone, w)}`),
      intro: words.planner.intro(r.form.contact.name, r.form.contact.email),
      action: words.planner.action,
      exam: words.exam(r, w),
      help: words.help(ctx.phones.duringExam),
    };
  });
  const subject = parts[0]?.subject ?? '';
  return renderTemplate(handlerMail, subject, { ...common(r, ctx, langs), subject, message, parts });
};
