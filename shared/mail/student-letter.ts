import { localDate } from '../rules/exam-rules';
import type { Registration, SoftwareItem } from '../contracts/registration';
import { DEFAULT_LETTER_LANGUAGES, type LetterLanguage } from '../contracts/languages';
import { type MailContext, type RenderedMail, mailTemplate, renderTemplate } from './render';
import { PLATFORM_NAMES, WORDS, type Words } from './student-letter-words';
import { dateTimeFormat } from '../rules/date-format';

/**
 * The e-mails students get: the exam information letter of R7, the software they must
 * install, and the teacher's notice about an error in the question set during the exam (R8).
 *
 * Each letter is first built as plain data (one part per language, sections of paragraphs,
 * lists and facts) from the registration alone, so what a student is told depends on the
 * registration and nothing else; one pair of templates then lays any letter out as HTML
 * (escaped, inline styles) and as plain text. Only topics that apply to the exam appear.
 */

/** What a student letter needs beyond the registration: the time zone its dates are in, and the help numbers (R9). */
export type StudentMailContext = Pick<MailContext, 'timeZone' | 'phones'>;

/* ---------- The shape of a letter ---------- */

/** A sentence or list item; a link, when there is one, ends it. */
interface Line {
  text: string;
  href: string | null;
}
type Block =
  { kind: 'p'; line: Line } | { kind: 'list'; lines: Line[] } | { kind: 'facts'; rows: [label: string, value: string][] } | { kind: 'quote'; text: string };
interface Section {
  heading: string | null;
  blocks: Block[];
}
interface Part {
  lang: LetterLanguage;
  title: string;
  sections: Section[];
}

const line = (text: string, href: string | null = null): Line => ({ text, href });
const p = (text: string, href: string | null = null): Block => ({ kind: 'p', line: line(text, href) });
const list = (...lines: (Line | string | false)[]): Block => ({
  kind: 'list',
  lines: lines.filter((l) => l !== false).map((l) => (typeof l === 'string' ? line(l) : l)),
});

/* ---------- Layout ---------- */

const LINE_HTML = (v: string) => `<%= ${v}.text %><% if (${v}.href) { %> <a href="<%= ${v}.href %>" style="color:#00509e"><%= ${v}.href %></a><% } %>`;

const letterTemplate = mailTemplate({
  html: `<!doctype html><html lang="<%= it.parts[0].lang %>"><head><meta charset="utf-8"><title><%= it.subject %></title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:640px;margin:auto;padding:16px">
<% it.parts.forEach((part, i) => { %><% if (i > 0) { %><hr style="border:0;border-top:2px solid #ccc;margin:32px 0"><% } %>
<div lang="<%= part.lang %>">
<h1 style="font-size:20px;margin:0 0 8px"><%= part.title %></h1>
<% part.sections.forEach(s => { %><% if (s.heading) { %><h2 style="font-size:16px;margin:20px 0 4px"><%= s.heading %></h2>
<% } %><% s.blocks.forEach(b => { %><% if (b.kind === 'p') { %><p style="margin:4px 0 8px">${LINE_HTML('b.line')}</p>
<% } else if (b.kind === 'list') { %><ul style="margin:4px 0 8px;padding-left:20px">
<% b.lines.forEach(l => { %><li>${LINE_HTML('l')}</li>
<% }) %></ul>
<% } else if (b.kind === 'facts') { %><table style="border-collapse:collapse;margin:4px 0 8px">
<% b.rows.forEach(([label, value]) => { %><tr><th align="left" style="padding:2px 12px 2px 0;vertical-align:top"><%= label %></th><td style="padding:2px 0"><%= value %></td></tr>
<% }) %></table>
<% } else { %><blockquote style="border-left:4px solid #00509e;margin:8px 0;padding:4px 12px;white-space:pre-wrap"><%= b.text %></blockquote>
<% } %><% }) %><% }) %></div>
<% }) %></body></html>
`,
  text: `<% it.parts.forEach((part, i) => { -%>
<% if (i > 0) { %>
<%= '='.repeat(60) %>

<% } -%>
<%= part.title %>
<%= '='.repeat(part.title.length) %>
<% part.sections.forEach(s => { %>
<% if (s.heading) { -%>
<%= s.heading %>
<%= '-'.repeat(s.heading.length) %>
<% } -%>
<% s.blocks.forEach((b, j) => { -%>
<% if (j > 0) { %>
<% } -%>
<% if (b.kind === 'p') { -%>
<%= b.line.text %><%= b.line.href ? ' ' + b.line.href : '' %>
<% } else if (b.kind === 'list') { -%>
<% b.lines.forEach(l => { -%>
- <%= l.text %><%= l.href ? ' ' + l.href : '' %>
<% }) -%>
<% } else if (b.kind === 'facts') { -%>
<% b.rows.forEach(([label, value]) => { -%>
<%= label %>: <%= value %>
<% }) -%>
<% } else { -%>
<%= b.text.split('\\n').map(q => '> ' + q).join('\\n') %>
<% } -%>
<% }) -%>
<% }) -%>
<% }) -%>
`,
});

const renderLetter = (subject: string, parts: Part[]): RenderedMail => renderTemplate(letterTemplate, subject, { subject, parts });

/* ---------- Facts of the exam, in one language ---------- */

const courseOf = (r: Registration) => `${r.form.course.code} ${r.form.course.name}`;

const when = (r: Registration, w: Words, ctx: StudentMailContext) => {
  const fmt = (options: Intl.DateTimeFormatOptions) => dateTimeFormat(w.locale, { timeZone: ctx.timeZone, ...options });
  const dateOf = (d: Date) => fmt({ dateStyle: 'full' }).format(d);
  const start = new Date(r.form.exam.start);
  const startDate = dateOf(start);
  const timeOf = (d: Date) => fmt({ timeStyle: 'short' }).format(d);
  const sameDay = (d: Date) => dateOf(d) === startDate;
  /** A clock time, with its date when it is not the day the exam starts. */
  const at = (d: Date) => (sameDay(d) ? w.clock(timeOf(d)) : w.onDate(dateOf(d), timeOf(d)));
  const minutes = r.form.exam.durationMinutes;
  const end = new Date(start.getTime() + minutes * 60_000);
  const extra = r.derived.additionalMinutes;
  return {
    startDate,
    start: at(start),
    span: `${sameDay(end) ? `${at(start)}–${timeOf(end)}` : `${at(start)} ${w.until} ${at(end)}`} (${w.duration(minutes)})`,
    extra: extra > 0 ? `${w.duration(extra)}, ${w.until} ${at(new Date(end.getTime() + extra * 60_000))}` : null,
  };
};

const helpSection = (w: Words, ctx: StudentMailContext): Section => ({
  heading: w.help.heading,
  blocks: [list(`${w.help.general} ${ctx.phones.general}`, `${w.help.duringExam} ${ctx.phones.duringExam}`)],
});

const closing = (w: Words): Section => ({ heading: null, blocks: [p(w.closing)] });

/**
 * A program as the letter tells of it: with the install-and-test instructions of the catalogue
 * revision the request named, when it named one (read by the caller; the letter does no I/O).
 */
export type LetterSoftware = SoftwareItem & { instructions?: Record<LetterLanguage, string> | null };

const programName = (s: SoftwareItem) => [s.name, s.version].filter(Boolean).join(' ');

const softwareSection = (software: readonly LetterSoftware[], w: Words, ctx: StudentMailContext, lang: LetterLanguage): Section => {
  const item = (s: SoftwareItem) => {
    const name = programName(s);
    const where = s.webService ? w.software.webService : s.platforms.map((pl) => (pl === 'web' ? w.software.browser : PLATFORM_NAMES[pl])).join(', ');
    return line(`${name} (${where})${s.url ? ':' : ''}`, s.url);
  };
  return {
    heading: w.software.heading,
    blocks: [
      p([software.some((s) => !s.webService) && w.software.install, software.some((s) => s.webService) && w.software.webServices].filter(Boolean).join(' ')),
      list(...software.map(item)),
      ...software.flatMap((s): Block[] => (s.instructions ? [p(w.software.instructions(programName(s))), { kind: 'quote', text: s.instructions[lang] }] : [])),
      p(w.software.trouble(ctx.phones.general)),
    ],
  };
};

/**
 * One letter in every language asked for, in that order. Each part is titled with its name of
 * the letter and the course; the first part says where the other languages are.
 */
const composeLetter = (
  r: Registration,
  ctx: StudentMailContext,
  languages: readonly LetterLanguage[],
  name: (w: Words) => string,
  body: (w: Words, lang: LetterLanguage) => { intro: Block[]; sections: (Section | false)[] },
): RenderedMail => {
  const langs = [...new Set(languages)];
  if (langs.length === 0) throw new RangeError('A student letter needs at least one language');
  const subject = `${langs.map((l) => name(WORDS[l])).join(' / ')}: ${courseOf(r)}, ${localDate(r.form.exam.start, ctx.timeZone)}`;
  const otherVersions = langs.slice(1).map((l) => WORDS[l].versionBelow);
  return renderLetter(
    subject,
    langs.map((lang, i): Part => {
      const w = WORDS[lang];
      const { intro, sections } = body(w, lang);
      return {
        lang,
        title: `${name(w)} – ${courseOf(r)}`,
        sections: [
          { heading: null, blocks: [...(i === 0 && otherVersions.length > 0 ? [p(otherVersions.join(' '))] : []), ...intro] },
          ...sections.filter((s): s is Section => s !== false),
        ],
      };
    }),
  );
};

/* ---------- The letters ---------- */

/**
 * R7: the exam information letter, sent to every candidate no later than a week before the
 * exam. `approvedSoftware` is what IT approved for this exam (from a software request, which
 * may be a registration of its own). One letter carries every language in `languages`, in order.
 */
export const renderExamInformationLetter = (
  registration: Registration,
  approvedSoftware: readonly LetterSoftware[],
  ctx: StudentMailContext,
  languages: readonly LetterLanguage[] = DEFAULT_LETTER_LANGUAGES,
): RenderedMail => {
  const { exam, questionSet, studentInfo } = registration.form;
  return composeLetter(
    registration,
    ctx,
    languages,
    (w) => w.letter.subject,
    (w, lang) => {
      const t = w.letter;
      const time = when(registration, w, ctx);
      return {
        intro: [p(t.intro(courseOf(registration)))],
        sections: [
          {
            heading: t.when,
            blocks: [
              {
                kind: 'facts',
                rows: [
                  [t.labels.type, w.examType[exam.type]],
                  [t.labels.date, time.startDate],
                  [t.labels.time, time.span],
                  ...(time.extra ? [[t.labels.extra, time.extra] as [string, string]] : []),
                ],
              },
              ...(time.extra ? [p(t.extra(registration.derived.additionalMinutes, ctx.phones.duringExam))] : []),
            ],
          },
          {
            heading: t.prepare,
            blocks: [
              list(
                t.readyCourse,
                studentInfo.demoTestUrl ? line(t.demoTestUrl, studentInfo.demoTestUrl) : t.demoTest,
                studentInfo.coverPageUrl !== null && line(t.coverPage, studentInfo.coverPageUrl),
              ),
            ],
          },
          questionSet.uploadAssignments > 0 && {
            heading: t.uploads.heading,
            blocks: [p(t.uploads.count(questionSet.uploadAssignments)), list(t.uploads.personalData, questionSet.uploadAssignments > 1 && t.uploads.continuously)],
          },
          questionSet.zipSubmission && { heading: t.zip.heading, blocks: [p(t.zip.text)] },
          questionSet.handDrawings && {
            heading: t.drawings.heading,
            blocks: [p(t.drawings[exam.type].text), list(...t.drawings[exam.type].steps)],
          },
          approvedSoftware.length > 0 && softwareSection(approvedSoftware, w, ctx, lang),
          { heading: t.cheating.heading, blocks: [p(t.cheating.text)] },
          !!studentInfo.citationRules && {
            heading: t.citation.heading,
            blocks: [p(t.citation.text), { kind: 'quote', text: studentInfo.citationRules }],
          },
          helpSection(w, ctx),
          closing(w),
        ],
      };
    },
  );
};

/** R6: what to install and test before the exam, sent to the candidates when a software request is approved. */
export const renderSoftwareNotice = (
  registration: Registration,
  software: readonly LetterSoftware[],
  ctx: StudentMailContext,
  languages: readonly LetterLanguage[] = DEFAULT_LETTER_LANGUAGES,
): RenderedMail => {
  if (software.length === 0) throw new RangeError('A software notice needs at least one program or web service');
  return composeLetter(
    registration,
    ctx,
    languages,
    (w) => w.software.subject,
    (w, lang) => {
      const time = when(registration, w, ctx);
      return {
        intro: [p(w.software.intro(courseOf(registration), `${time.startDate}, ${time.start}`))],
        sections: [softwareSection(software, w, ctx, lang), helpSection(w, ctx), closing(w)],
      };
    },
  );
};

/**
 * R8: the teacher's written notice about an error in the question set during the exam,
 * quoted word for word, with the number for immediate help.
 */
export const renderIncidentNotice = (
  registration: Registration,
  message: string,
  ctx: StudentMailContext,
  languages: readonly LetterLanguage[] = DEFAULT_LETTER_LANGUAGES,
): RenderedMail => {
  const quoted = message.replace(/\r\n?/g, '\n');
  return composeLetter(
    registration,
    ctx,
    languages,
    (w) => w.incident.subject,
    (w) => ({
      intro: [p(w.incident.intro(courseOf(registration))), { kind: 'quote', text: quoted }, p(w.help.now(ctx.phones.duringExam))],
      sections: [],
    }),
  );
};
