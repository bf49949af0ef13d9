import type { LetterLanguage } from '../contracts/languages';
import type { Registration } from '../contracts/registration';
import { dayWords } from '../rules/date-words';
import {
  FOOTER_HTML,
  FOOTER_TEXT,
  LAYOUT_END,
  LAYOUT_START,
  PARTS_HTML,
  PARTS_TEXT,
  approverLanguages,
  common,
  formatLocal,
  mailTemplate,
  renderTemplate,
  subjectDate,
} from './render';
import type { MailContext } from './render';
import { STAFF_WORDS, type StaffWords } from './staff-words';

/**
 * The reminder of a software exam's rehearsal, a few days before it is due, when it is not
 * recorded as tested: one e-mail to the teacher (the registration's contact) and IT, in the
 * languages of the staff mailboxes, saying which exam, by when, what state it is in (IT's
 * comment on a failure, quoted) and where the registration is.
 */
const reminder = mailTemplate({
  html: `${LAYOUT_START}${PARTS_HTML(`<h1 style="font-size:20px"><%= f.heading %></h1>
<p><%= f.intro %></p>
<table style="border-collapse:collapse">
<% f.rows.forEach(([label, value]) => { %><tr><th align="left" style="padding-right:12px;vertical-align:top"><%= label %></th><td><%= value %></td></tr>
<% }) %></table>
<% if (it.comment) { %><p><strong><%= f.commentLabel %></strong></p><blockquote style="border-left:4px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap"><%= it.comment %></blockquote><% } %>
<p><%= f.action %></p>
<p><a href="<%= it.detailUrl %>"><%= f.w.openRegistration %></a></p>
${FOOTER_HTML}`)}${LAYOUT_END}`,
  text: PARTS_TEXT(`<%= f.heading %>

<%= f.intro %>

<% f.rows.forEach(([label, value]) => { %><%= label %>: <%= value %>
<% }) %><% if (it.comment) { %>
<%= f.commentLabel %>:
<%= it.quote(it.comment) %>
<% } %>
<%= f.action %>

<%= f.w.openRegistration %>: <%= it.detailUrl %>

${FOOTER_TEXT}
`),
});

type State = 'missing' | 'failed';

interface RehearsalWords {
  subject: Record<State, string>;
  heading: Record<State, (course: string) => string>;
  intro: Record<State, (due: string) => string>;
  state: string;
  stateWords: Record<State, string>;
  dueBy: string;
  commentLabel: string;
  action: string;
}

const REHEARSAL_WORDS: Record<LetterLanguage, RehearsalWords> = {
  en: {
    subject: { missing: 'Rehearsal not done', failed: 'Rehearsal failed' },
    heading: {
      missing: (course) => `The software set-up of ${course} has not been rehearsed`,
      failed: (course) => `The rehearsal of the software set-up of ${course} failed`,
    },
    intro: {
      missing: (due) => `The set-up of this exam is to be rehearsed by ${due}, and no rehearsal is recorded yet.`,
      failed: (due) => `The rehearsal of this exam’s set-up failed. It is to be fixed and rehearsed again by ${due}.`,
    },
    state: 'Rehearsal',
    stateWords: { missing: 'not done', failed: 'failed' },
    dueBy: 'Due by',
    commentLabel: 'What IT recorded',
    action: 'The teacher and the IT department: agree on a time and try the set-up together before the exam. IT records the result on the registration.',
  },
  nb: {
    subject: { missing: 'Generalprøve ikke gjort', failed: 'Generalprøven feilet' },
    heading: {
      missing: (course) => `Programvareoppsettet til ${course} er ikke prøvd`,
      failed: (course) => `Generalprøven av programvareoppsettet til ${course} feilet`,
    },
    intro: {
      missing: (due) => `Oppsettet til denne eksamenen skal prøves innen ${due}, og ingen generalprøve er registrert ennå.`,
      failed: (due) => `Generalprøven av oppsettet til denne eksamenen feilet. Det skal rettes opp og prøves igjen innen ${due}.`,
    },
    state: 'Generalprøve',
    stateWords: { missing: 'ikke gjort', failed: 'feilet' },
    dueBy: 'Frist',
    commentLabel: 'Det IT registrerte',
    action: 'Faglærer og IT-avdelingen: avtal en tid og prøv oppsettet sammen før eksamen. IT registrerer resultatet på registreringen.',
  },
};

const examLine = (r: Registration, ctx: MailContext, lang: LetterLanguage, w: StaffWords) =>
  `${w.examType[r.form.exam.type]}, ${formatLocal(r.form.exam.start, ctx.timeZone, lang)}, ${w.duration(r.form.exam.durationMinutes)}`;

export const renderRehearsalReminder = (
  r: Registration,
  rehearsal: { state: State; dueBy: string; comment: string | null },
  ctx: MailContext,
): { subject: string; text: string; html: string } => {
  const langs = approverLanguages(ctx);
  const parts = langs.map((lang) => {
    const w = STAFF_WORDS[lang];
    const words = REHEARSAL_WORDS[lang];
    const course = `${r.form.course.code} ${r.form.course.name}`;
    const rows: [string, string][] = [
      [w.labels.reference, r.id],
      [w.labels.course, course],
      [w.labels.exam, examLine(r, ctx, lang, w)],
      ...(r.form.kind === 'software'
        ? [[w.labels.software, r.form.software.map((s) => s.name + (s.version ? ` ${s.version}` : '')).join(', ')] as [string, string]]
        : []),
      [w.labels.contact, `${r.form.contact.name} <${r.form.contact.email}>`],
      [words.state, words.stateWords[rehearsal.state]],
      [words.dueBy, dayWords(lang, rehearsal.dueBy)],
    ];
    return {
      lang,
      w,
      rows,
      heading: words.heading[rehearsal.state](course),
      intro: words.intro[rehearsal.state](dayWords(lang, rehearsal.dueBy)),
      commentLabel: words.commentLabel,
      action: words.action,
    };
  });
  const first = STAFF_WORDS[langs[0] as LetterLanguage];
  const subject = `${REHEARSAL_WORDS[langs[0] as LetterLanguage].subject[rehearsal.state]}: ${r.form.course.code} ${first.examTypeShort[r.form.exam.type]} ${subjectDate(r.form.exam.start, ctx.timeZone, first)}`;
  return renderTemplate(reminder, subject, { ...common(r, ctx, langs), subject, parts, comment: rehearsal.state === 'failed' ? rehearsal.comment : null });
};
