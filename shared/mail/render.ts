import { Eta } from 'eta/core';
import type { Capacity } from '../contracts/calendar';
import type { Approval, ApproverGroup, Registration } from '../contracts/registration';
import { localDate } from '../rules/exam-rules';
import { changeLines } from './form-change-words';

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

const LAYOUT_START = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title><%= it.subject %></title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:640px;margin:auto;padding:16px">`;
const LAYOUT_END = `<hr><p style="font-size:13px;color:#555">exam-forms · General enquiries <%= it.phones.general %> · Immediate help during an exam <%= it.phones.duringExam %></p></body></html>`;

const FACTS_HTML = `<table style="border-collapse:collapse">
<tr><th align="left">Reference</th><td><%= it.r.id %> (round <%= it.r.round %>)</td></tr>
<tr><th align="left">Course</th><td><%= it.r.form.course.code %> <%= it.r.form.course.name %></td></tr>
<tr><th align="left">Form</th><td><%= it.kindLabel %></td></tr>
<tr><th align="left">Department</th><td><%= it.r.form.department %></td></tr>
<tr><th align="left">Contact</th><td><%= it.r.form.contact.name %> &lt;<%= it.r.form.contact.email %>&gt;</td></tr>
<tr><th align="left">Exam</th><td><%= it.examTypeLabel %>, <%= it.startLocal %>, <%= it.r.form.exam.durationMinutes %> minutes<% if (it.r.derived.additionalMinutes) { %> + <%= it.r.derived.additionalMinutes %> minutes for uploads<% } %></td></tr>
<tr><th align="left">Candidates</th><td><%= it.r.form.exam.candidates %></td></tr>
<tr><th align="left">Upload assignments</th><td><%= it.r.form.questionSet.uploadAssignments %></td></tr>
<tr><th align="left">Test template</th><td><%= it.r.derived.testTemplate %></td></tr>
<% if (it.r.form.questionSet.externalUrls.length) { %><tr><th align="left">External addresses</th><td><%= it.r.form.questionSet.externalUrls.join(', ') %></td></tr><% } %>
<% if (it.r.form.kind === 'software') { %><tr><th align="left">Software</th><td><%= it.r.form.software.map(s => s.name + (s.version ? ' ' + s.version : '') + (s.url ? ' <' + s.url + '>' : '')).join(', ') %></td></tr><% } %>
<tr><th align="left">Approvers</th><td><%= it.r.derived.approvers.join(' and ') %></td></tr>
<tr><th align="left">Students informed by</th><td><%= it.dueLocal %></td></tr>
</table>
<% if (it.r.derived.warnings.length) { %><p><strong>Warnings</strong></p><ul><% it.r.derived.warnings.forEach(w => { %><li><%= w.message %></li><% }) %></ul><% } %>
<% if (it.r.form.notes) { %><p><strong>Notes from the submitter</strong><br><%= it.r.form.notes %></p><% } %>`;

const FACTS_TEXT = `Reference: <%= it.r.id %> (round <%= it.r.round %>)
Course: <%= it.r.form.course.code %> <%= it.r.form.course.name %>
Form: <%= it.kindLabel %>
Department: <%= it.r.form.department %>
Contact: <%= it.r.form.contact.name %> <<%= it.r.form.contact.email %>>
Exam: <%= it.examTypeLabel %>, <%= it.startLocal %>, <%= it.r.form.exam.durationMinutes %> minutes<% if (it.r.derived.additionalMinutes) { %> + <%= it.r.derived.additionalMinutes %> minutes for uploads<% } %>
Candidates: <%= it.r.form.exam.candidates %>
Upload assignments: <%= it.r.form.questionSet.uploadAssignments %>
Test template: <%= it.r.derived.testTemplate %>
<% if (it.r.form.questionSet.externalUrls.length) { %>External addresses: <%= it.r.form.questionSet.externalUrls.join(', ') %>
<% } %><% if (it.r.form.kind === 'software') { %>Software: <%= it.r.form.software.map(s => s.name + (s.version ? ' ' + s.version : '') + (s.url ? ' <' + s.url + '>' : '')).join(', ') %>
<% } %>Approvers: <%= it.r.derived.approvers.join(' and ') %>
Students informed by: <%= it.dueLocal %>
<% it.r.derived.warnings.forEach(w => { %>Warning: <%= w.message %>
<% }) %><% if (it.r.form.notes) { %>
Notes from the submitter:
<%= it.quote(it.r.form.notes) %>
<% } %>`;

/** A resubmission: what changed since the previous round, field by field (before → now). */
const CHANGES_HTML = `<% if (it.changes.length) { %><h2 style="font-size:16px">Changed since round <%= it.r.round - 1 %></h2>
<table style="border-collapse:collapse"><tr><th align="left">Field</th><th align="left">Before</th><th align="left">Now</th></tr>
<% it.changes.forEach(c => { %><tr><td><%= c.field %></td><td><del><%= c.before %></del></td><td><ins><%= c.after %></ins></td></tr>
<% }) %></table><% } %>`;

const CHANGES_TEXT = `<% if (it.changes.length) { %>Changed since round <%= it.r.round - 1 %>:
<% it.changes.forEach(c => { %>- <%= c.field %>: <%= c.before %> → <%= c.after %>
<% }) %>
<% } %>`;

const approvalRequest = mailTemplate({
  html: `${LAYOUT_START}<h1 style="font-size:20px"><%= it.heading %></h1>
<p><%= it.intro %></p>
${CHANGES_HTML}
${FACTS_HTML}
<% if (it.capacity) { %><p><strong>Capacity (<%= it.group %>)</strong>: this exam needs <%= it.capacity.demand %>; at the busiest moment the approved exams and this one need <%= it.capacity.committedPeak %> (<%= it.capacity.tentativePeak %> with the pending ones); <%= it.capacity.staffOnDuty %> on duty.</p><% if (it.capacity.summary) { %><p style="<%= it.capacity.overbooked ? 'color:#a00000;font-weight:bold' : '' %>"><%= it.capacity.summary %></p><% } %><% } %>
<p><a href="<%= it.actionUrl %>" style="display:inline-block;padding:10px 16px;background:#00509e;color:#fff;text-decoration:none;border-radius:4px">Review and decide</a></p>
<p style="font-size:13px">Opening the link changes nothing: you confirm your decision on the page.</p>${LAYOUT_END}`,
  text: `<%= it.heading %>

<%= it.intro %>

${CHANGES_TEXT}${FACTS_TEXT}<% if (it.capacity) { %>
Capacity (<%= it.group %>): this exam needs <%= it.capacity.demand %>; at the busiest moment the approved exams and this one need <%= it.capacity.committedPeak %> (<%= it.capacity.tentativePeak %> with the pending ones); <%= it.capacity.staffOnDuty %> on duty.
<% if (it.capacity.summary) { %><%= it.capacity.summary %>
<% } %><% } %>
Review and decide: <%= it.actionUrl %>
(Opening the link changes nothing: you confirm your decision on the page.)

General enquiries <%= it.phones.general %> · Immediate help during an exam <%= it.phones.duringExam %>
`,
});

const outcome = mailTemplate({
  html: `${LAYOUT_START}<h1 style="font-size:20px"><%= it.heading %></h1>
<p><%= it.intro %></p>
<% if (it.comment) { %><blockquote style="border-left:4px solid #ccc;margin:0;padding-left:12px"><%= it.comment %></blockquote><p>— <%= it.commentBy %></p><% } %>
${FACTS_HTML}
<p><a href="<%= it.detailUrl %>">Open the registration</a></p>${LAYOUT_END}`,
  text: `<%= it.heading %>

<%= it.intro %>
<% if (it.comment) { %>
<%= it.quote(it.comment) %>
— <%= it.commentBy %>
<% } %>
${FACTS_TEXT}
Open the registration: <%= it.detailUrl %>

General enquiries <%= it.phones.general %> · Immediate help during an exam <%= it.phones.duringExam %>
`,
});

export interface MailContext {
  appBaseUrl: string;
  timeZone: string;
  phones: { general: string; duringExam: string };
}

export const formatLocal = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));

const factsOf = (r: Registration, ctx: MailContext) => ({
  r,
  phones: ctx.phones,
  kindLabel: r.form.kind === 'midterm' ? 'Mid-term exam registration' : 'Exam with software request',
  examTypeLabel: r.form.exam.type === 'home' ? 'Home exam' : 'Written school exam',
  startLocal: formatLocal(r.form.exam.start, ctx.timeZone),
  dueLocal: formatLocal(r.derived.studentInfoDueBy, ctx.timeZone),
  detailUrl: `${ctx.appBaseUrl}/#/registrations/${encodeURIComponent(r.id)}`,
});

export type ApprovalStage = Approval['stage'];

const STAGE_WORDS: Record<ApprovalStage, { prefix: string; intro: string }> = {
  initial: { prefix: 'Decision wanted', intro: 'A registration waits for your group’s decision.' },
  reminder: { prefix: 'Reminder: decision wanted', intro: 'This registration still waits for your group’s decision.' },
  escalation: {
    prefix: 'Escalation: no decision yet',
    intro: 'No one in the group has decided on this registration. Without a decision it expires and the students cannot be informed in time.',
  },
};

export const renderApprovalRequest = (
  r: Registration,
  group: ApproverGroup,
  stage: ApprovalStage,
  actionUrl: string,
  ctx: MailContext,
  capacity?: GroupCapacity,
): RenderedMail => {
  const words = STAGE_WORDS[stage];
  const subject = `[${group}] ${words.prefix}: ${r.form.course.code} ${r.form.exam.type} exam ${localDate(r.form.exam.start, ctx.timeZone)}`;
  return renderTemplate(approvalRequest, subject, {
    ...factsOf(r, ctx),
    subject,
    heading: `${words.prefix} (${group === 'IT' ? 'IT department' : 'Education Division'})`,
    intro: words.intro,
    actionUrl,
    group,
    capacity: capacity ?? null,
    changes: changeLines(r.changes, (iso) => formatLocal(iso, ctx.timeZone)),
  });
};

const OUTCOME_WORDS: Record<string, { title: string; intro: string }> = {
  APPROVED: { title: 'Approved', intro: 'Your registration is approved by every group. The students will get the exam information on time.' },
  REJECTED: { title: 'Rejected', intro: 'Your registration was rejected.' },
  CHANGES_REQUESTED: { title: 'Changes requested', intro: 'Changes were requested. Edit the registration and submit it again.' },
  EXPIRED: { title: 'Expired', intro: 'No decision came in time, so the registration expired. Contact the Education Division or the IT department.' },
  CANCELLED: { title: 'Cancelled', intro: 'The registration was cancelled.' },
};

export const renderOutcome = (
  r: Registration,
  status: keyof typeof OUTCOME_WORDS,
  decision: { comment: string | null; by: string | null },
  ctx: MailContext,
  lateStudentInfo = false,
): RenderedMail => {
  const base = OUTCOME_WORDS[status] ?? { title: status, intro: '' };
  const words = lateStudentInfo
    ? {
        ...base,
        intro: `${base.intro} Note: the date by which students must be informed (a week before the exam) has passed, so the exam information goes out to the candidates now.`,
      }
    : base;
  const subject = `${words.title}: ${r.form.course.code} ${r.form.exam.type} exam ${localDate(r.form.exam.start, ctx.timeZone)}`;
  return renderTemplate(outcome, subject, {
    ...factsOf(r, ctx),
    subject,
    heading: `${words.title}: ${r.form.course.code} ${r.form.course.name}`,
    intro: words.intro,
    comment: decision.comment,
    commentBy: decision.by,
  });
};
