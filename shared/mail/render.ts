import { Eta } from 'eta/core';
import type { Capacity } from '../contracts/calendar';
import type { LetterLanguage } from '../contracts/languages';
import type { Approval, ApproverGroup, Registration } from '../contracts/registration';
import { changeLines } from './form-change-words';
import { capacityInWords } from '../rules/capacity';
import { warningIn } from '../rules/warning-words';
import { type StaffWords, STAFF_WORDS } from './staff-words';
import { dateTimeFormat } from '../rules/date-format';

type GroupCapacity = Capacity[string];

/**
 * Every e-mail is rendered twice from one set of facts: an HTML template with automatic
 * escaping (so nothing a user typed can inject markup) and a plain-text template.
 */
const html = new Eta({ autoEscape: true, autoTrim: false });
const text = new Eta({ autoEscape: false, autoTrim: false });

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Compiled = { text: ReturnType<Eta['compile']>; html: ReturnType<Eta['compile']> };
export type MailTemplate = () => Compiled;

/**
 * A template pair, compiled on first use and kept: each function compiles only the mails it
 * sends (the approval request, not the outcome; a PLANNER incident, no student notice).
 */
export const mailTemplate = (t: { text: string; html: string }): MailTemplate => {
  let compiled: Compiled | undefined;
  return () => (compiled ??= { text: text.compile(t.text), html: html.compile(t.html) });
};
/**
 * User-written text in a plain-text mail, set apart: every line quoted with "> ", so nothing a
 * user typed can pose as one of the system's own lines (a forged "Review and decide: …").
 */
export const quoteText = (s: string) =>
  s
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) => `> ${line}`)
    .join('\n');
/** A subject is one line whatever went into it. */
export const oneLine = (s: string) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

export const renderTemplate = (template: MailTemplate, subject: string, data: object): RenderedMail => {
  const c = template();
  const it = { quote: quoteText, ...data };
  return { subject: oneLine(subject), text: c.text.call(text, it), html: c.html.call(html, it) };
};

/**
 * The e-mails to staff: the approval request to an approver group and the outcome to the
 * submitter. Every word comes from ./staff-words in the reader's language: the submitter's
 * (stored with the registration), and for approver mailboxes the configured languages, one
 * after the other in one e-mail. Dates are written out in the institution's time zone.
 */
export const LAYOUT_START = `<!doctype html><html lang="<%= it.lang %>"><head><meta charset="utf-8"><title><%= it.subject %></title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:640px;margin:auto;padding:16px">`;
export const LAYOUT_END = `</body></html>`;

const FACTS_HTML = `<table style="border-collapse:collapse">
<% f.rows.forEach(([label, value]) => { %><tr><th align="left" style="padding-right:12px;vertical-align:top"><%= label %></th><td><%= value %></td></tr>
<% }) %></table>
<% if (f.warnings.length) { %><p><strong><%= f.w.warnings %></strong></p><ul><% f.warnings.forEach(m => { %><li><%= m %></li><% }) %></ul><% } %>
<% if (f.notes) { %><p><strong><%= f.w.notes %></strong><br><span style="white-space:pre-wrap"><%= f.notes %></span></p><% } %>`;

const FACTS_TEXT = `<% f.rows.forEach(([label, value]) => { %><%= label %>: <%= value %>
<% }) %><% f.warnings.forEach(m => { %><%= f.w.warning %>: <%= m %>
<% }) %><% if (f.notes) { %>
<%= f.w.notes %>:
<%= it.quote(f.notes) %>
<% } %>`;

/** A resubmission: what changed since the previous round, field by field (before → now); the field names are in English. */
const CHANGES_HTML = `<% if (it.hasChanges) { %><h2 style="font-size:16px"><%= f.w.changedSince(it.round - 1) %></h2>
<table style="border-collapse:collapse"><tr><th align="left"><%= f.w.changedField %></th><th align="left"><%= f.w.changedBefore %></th><th align="left"><%= f.w.changedNow %></th></tr>
<% f.changes.forEach(c => { %><tr><td><%= c.field %></td><td><del><%= c.before %></del></td><td><ins><%= c.after %></ins></td></tr>
<% }) %></table><% if (it.moreChanges) { %><p><%= f.w.moreChanges(it.moreChanges) %> <a href="<%= it.detailUrl %>"><%= it.detailUrl %></a></p><% } %><% } %>`;

const CHANGES_TEXT = `<% if (it.hasChanges) { %><%= f.w.changedSince(it.round - 1) %>:
<% f.changes.forEach(c => { %>- <%= c.field %>: <%= c.before %> → <%= c.after %>
<% }) %><% if (it.moreChanges) { %><%= f.w.moreChanges(it.moreChanges) %> <%= it.detailUrl %>
<% } %>
<% } %>`;

/** The help lines at the foot of every staff e-mail. */
export const FOOTER_HTML = `<p style="font-size:13px;color:#555">exam-forms · <%= f.w.help.general %> <%= it.phones.general %> · <%= f.w.help.duringExam %> <%= it.phones.duringExam %></p>`;
export const FOOTER_TEXT = `<%= f.w.help.general %> <%= it.phones.general %> · <%= f.w.help.duringExam %> <%= it.phones.duringExam %>`;

/** One part per language; a line between them, and the first says where the others are. */
export const PARTS_HTML = (part: string) =>
  `<% if (it.otherVersions) { %><p style="font-size:13px;color:#555"><%= it.otherVersions %></p><% } %><% it.parts.forEach((f, i) => { %><% if (i > 0) { %><hr style="border:0;border-top:2px solid #ccc;margin:32px 0"><% } %><div lang="<%= f.lang %>">${part}</div><% }) %>`;
export const PARTS_TEXT = (part: string) =>
  `<% if (it.otherVersions) { %><%= it.otherVersions %>

<% } %><% it.parts.forEach((f, i) => { %><% if (i > 0) { %>
----------------------------------------

<% } %>${part}<% }) %>`;

const APPROVAL_HTML = `<h1 style="font-size:20px"><%= f.heading %></h1>
<p><%= f.intro %></p>
${CHANGES_HTML}
${FACTS_HTML}
<% if (f.capacity) { %><p><strong><%= f.capacity.title %></strong>: <%= f.capacity.line %></p><% if (f.capacity.summary) { %><p style="<%= f.capacity.overbooked ? 'color:#a00000;font-weight:bold' : '' %>"><%= f.capacity.summary %></p><% } %><% } %>
<p><a href="<%= it.actionUrl %>" style="display:inline-block;padding:10px 16px;background:#00509e;color:#fff;text-decoration:none;border-radius:4px"><%= f.w.review %></a></p>
<p style="font-size:13px"><%= f.w.openingChangesNothing %></p>
${FOOTER_HTML}`;

const APPROVAL_TEXT = `<%= f.heading %>

<%= f.intro %>

${CHANGES_TEXT}${FACTS_TEXT}<% if (f.capacity) { %>
<%= f.capacity.title %>: <%= f.capacity.line %>
<% if (f.capacity.summary) { %><%= f.capacity.summary %>
<% } %><% } %>
<%= f.w.review %>: <%= it.actionUrl %>
(<%= f.w.openingChangesNothing %>)

${FOOTER_TEXT}
`;

const approvalRequest = mailTemplate({
  html: `${LAYOUT_START}${PARTS_HTML(APPROVAL_HTML)}${LAYOUT_END}`,
  text: PARTS_TEXT(APPROVAL_TEXT),
});

const outcome = mailTemplate({
  html: `${LAYOUT_START}${PARTS_HTML(`<h1 style="font-size:20px"><%= f.heading %></h1>
<p><%= f.intro %></p>
<% if (f.comment) { %><blockquote style="border-left:4px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap"><%= f.comment %></blockquote><p>— <%= f.commentBy %></p><% } %>
${FACTS_HTML}
<p><a href="<%= it.detailUrl %>"><%= f.w.openRegistration %></a></p>
${FOOTER_HTML}`)}${LAYOUT_END}`,
  text: PARTS_TEXT(`<%= f.heading %>

<%= f.intro %>
<% if (f.comment) { %>
<%= it.quote(f.comment) %>
— <%= f.commentBy %>
<% } %>
${FACTS_TEXT}
<%= f.w.openRegistration %>: <%= it.detailUrl %>

${FOOTER_TEXT}
`),
});

export interface MailContext {
  appBaseUrl: string;
  timeZone: string;
  phones: { general: string; duringExam: string };
  /** The languages of the e-mails to approver mailboxes, in order (default: English, then Bokmål). */
  approverLanguages?: readonly LetterLanguage[];
  /** The language of a submitter's e-mails when the registration names none (default English). */
  staffLanguage?: LetterLanguage;
}

export const DEFAULT_APPROVER_LANGUAGES: readonly LetterLanguage[] = ['en', 'nb'];

/** A date and time written out in a language, in the institution's time zone ("Wednesday, 10 March 2027 at 09:00"). */
export const formatLocal = (iso: string, timeZone: string, lang: LetterLanguage = 'en') =>
  dateTimeFormat(STAFF_WORDS[lang].locale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));

/** A date in a subject, short but written out ("10 Mar 2027", "10. mars 2027"). */
export const subjectDate = (iso: string, timeZone: string, w: StaffWords) =>
  dateTimeFormat(w.locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));

/** The registration's facts in one language, for the facts table of every staff e-mail. */
const factsIn = (r: Registration, ctx: MailContext, lang: LetterLanguage) => {
  const w = STAFF_WORDS[lang];
  const { form, derived } = r;
  const exam = `${w.examType[form.exam.type]}, ${formatLocal(form.exam.start, ctx.timeZone, lang)}, ${w.duration(form.exam.durationMinutes)}${
    derived.additionalMinutes ? ` + ${w.forUploads(derived.additionalMinutes)}` : ''
  }`;
  const rows: [string, string][] = [
    [w.labels.reference, `${r.id} (${w.round(r.round)})`],
    [w.labels.course, `${form.course.code} ${form.course.name}`],
    [w.labels.form, w.kind[form.kind]],
    [w.labels.department, form.department],
    [w.labels.contact, `${form.contact.name} <${form.contact.email}>`],
    [w.labels.exam, exam],
    [w.labels.candidates, String(form.exam.candidates)],
    [w.labels.uploads, String(form.questionSet.uploadAssignments)],
    [w.labels.template, w.template[derived.testTemplate]],
    ...(form.questionSet.externalUrls.length ? [[w.labels.externalUrls, form.questionSet.externalUrls.join(', ')] as [string, string]] : []),
    ...(form.kind === 'software'
      ? [[w.labels.software, form.software.map((s) => s.name + (s.version ? ` ${s.version}` : '') + (s.url ? ` <${s.url}>` : '')).join(', ')] as [string, string]]
      : []),
    [w.labels.approvers, w.list(derived.approvers.map((g) => w.group[g]))],
    [w.labels.studentsInformedBy, formatLocal(derived.studentInfoDueBy, ctx.timeZone, lang)],
  ];
  return { lang, w, rows, warnings: derived.warnings.map((x) => warningIn(lang, x)), notes: form.notes || null };
};

export const common = (r: Registration, ctx: Pick<MailContext, 'appBaseUrl' | 'phones'>, langs: readonly LetterLanguage[]) => ({
  lang: langs[0] ?? 'en',
  phones: ctx.phones,
  detailUrl: `${ctx.appBaseUrl}/#/registrations/${encodeURIComponent(r.id)}`,
  otherVersions:
    langs.length > 1
      ? langs
          .slice(1)
          .map((l) => STAFF_WORDS[l].versionBelow)
          .join(' ')
      : null,
});

const subjectExam = (r: Registration, ctx: MailContext, w: StaffWords) =>
  `${r.form.course.code} ${w.examTypeShort[r.form.exam.type]} ${subjectDate(r.form.exam.start, ctx.timeZone, w)}`;

export type ApprovalStage = Approval['stage'];

/** The languages of an approver mailbox's e-mails, each once. */
export const approverLanguages = (ctx: Pick<MailContext, 'approverLanguages'>): LetterLanguage[] => {
  const langs = [...new Set(ctx.approverLanguages ?? DEFAULT_APPROVER_LANGUAGES)];
  return langs.length > 0 ? langs : [...DEFAULT_APPROVER_LANGUAGES];
};

/** An e-mail lists this many of a resubmission's changes; the page shows them all. */
export const MAIL_CHANGES_SHOWN = 25;

/** The changes shown in one language's part of the e-mail, dates written in that language. */
const changesIn = (r: Registration, ctx: MailContext, lang: LetterLanguage) =>
  changeLines(r.changes, (iso) => formatLocal(iso, ctx.timeZone, lang), lang).slice(0, MAIL_CHANGES_SHOWN);
export const renderApprovalRequest = (
  r: Registration,
  group: ApproverGroup,
  stage: ApprovalStage,
  actionUrl: string,
  ctx: MailContext,
  capacity?: GroupCapacity,
): RenderedMail => {
  const langs = approverLanguages(ctx);
  const first = STAFF_WORDS[langs[0] as LetterLanguage];
  const subject = `[${first.groupTag[group]}] ${first.stage[stage].prefix}: ${subjectExam(r, ctx, first)}`;
  const parts = langs.map((lang) => {
    const w = STAFF_WORDS[lang];
    return {
      ...factsIn(r, ctx, lang),
      heading: `${w.stage[stage].prefix} (${w.group[group]})`,
      intro: w.stage[stage].intro,
      changes: changesIn(r, ctx, lang),
      capacity: capacity
        ? {
            title: w.capacityTitle(w.groupTag[group]),
            line: w.capacityLine(capacity),
            summary: capacityInWords(
              group,
              { ...capacity, peak: { ...capacity.peak, from: Date.parse(capacity.peak.from), to: Date.parse(capacity.peak.to) } },
              ctx.timeZone,
              Date.parse(r.form.exam.start),
              lang,
            ),
            overbooked: capacity.overbooked,
          }
        : null,
    };
  });
  return renderTemplate(approvalRequest, subject, {
    ...common(r, ctx, langs),
    subject,
    actionUrl,
    parts,
    round: r.round,
    // Each language part lists the changes in its own words (parts[].changes).
    hasChanges: (r.changes?.length ?? 0) > 0,
    moreChanges: Math.max(0, (r.changes?.length ?? 0) - MAIL_CHANGES_SHOWN),
  });
};

/** The language of the submitter's e-mails: the one stored with the registration, else the configured one. */
export const submitterLanguage = (r: Pick<Registration, 'language'>, ctx: Pick<MailContext, 'staffLanguage'>): LetterLanguage =>
  r.language ?? ctx.staffLanguage ?? 'en';

export const renderOutcome = (
  r: Registration,
  status: string,
  decision: { comment: string | null; by: string | null; group?: ApproverGroup | null },
  ctx: MailContext,
  lateStudentInfo = false,
): RenderedMail => {
  const lang = submitterLanguage(r, ctx);
  const w = STAFF_WORDS[lang];
  const words = Object.hasOwn(w.outcome, status) ? w.outcome[status as keyof StaffWords['outcome']] : { title: status, intro: '' };
  const subject = `${words.title}: ${subjectExam(r, ctx, w)}`;
  const part = {
    ...factsIn(r, ctx, lang),
    heading: `${words.title}: ${r.form.course.code} ${r.form.course.name}`,
    intro: lateStudentInfo ? `${words.intro} ${w.lateStudentInfo}` : words.intro,
    comment: decision.comment,
    commentBy: [decision.by, decision.group ? w.group[decision.group] : null].filter(Boolean).join(', '),
  };
  return renderTemplate(outcome, subject, { ...common(r, ctx, [lang]), subject, parts: [part] });
};
