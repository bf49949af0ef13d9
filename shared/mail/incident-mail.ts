import type { Registration } from '../contracts/registration';
import type { Incident } from '../contracts/student-notices';
import { localDate } from '../rules/exam-rules';
import { mailTemplate, renderTemplate } from './render';

/**
 * The e-mail to the people who handle an error in the question set (R8): the teacher (before
 * the start, and for the department route) or IT and ED (during a school exam or a home exam
 * of at most 6 h).
 */
const handlerMail = mailTemplate({
  html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title><%= it.subject %></title></head><body style="font-family:system-ui,sans-serif;max-width:640px;margin:auto;padding:16px">
<h1 style="font-size:20px"><%= it.subject %></h1><p><%= it.intro %></p>
<blockquote style="border-left:4px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap"><%= it.message %></blockquote>
<p>Course <%= it.r.form.course.code %> <%= it.r.form.course.name %>, <%= it.r.form.exam.type %> exam, <%= it.r.form.exam.durationMinutes %> minutes. Reference <%= it.r.id %>.</p>
<p><%= it.action %></p><p style="font-size:13px;color:#555">Immediate help during an exam: <%= it.phone %></p></body></html>`,
  text: `<%= it.subject %>

<%= it.intro %>

<%= it.quote(it.message) %>

Course <%= it.r.form.course.code %> <%= it.r.form.course.name %>, <%= it.r.form.exam.type %> exam, <%= it.r.form.exam.durationMinutes %> minutes. Reference <%= it.r.id %>.

<%= it.action %>
Immediate help during an exam: <%= it.phone %>
`,
});

export const ROUTE_WORDS: Record<Incident['route'], { to: 'owner' | 'it-ed'; intro: string; action: string }> = {
  PLANNER: {
    to: 'owner',
    intro: 'You reported an error in the question set before the exam started.',
    action: 'Correct the question set, then ask the planner (administrative staff) at your department to update the test with the latest version.',
  },
  IT_ED: {
    to: 'it-ed',
    intro: 'A teacher reported an error in the question set of an ongoing exam. The candidates have been sent the teacher’s notice below.',
    action: 'Assess with the teacher whether the candidates need extra time, and record the decision on the incident.',
  },
  DEPARTMENT: {
    to: 'owner',
    intro: 'You reported an error in the question set of an ongoing home exam of more than 6 hours. The candidates have been sent your notice below.',
    action: 'Contact your department administration now; together you assess whether the candidates need extra time, and record the decision on the incident.',
  },
};

/** The handlers' e-mail of an incident, with the teacher's message. */
export const renderIncidentHandlerMail = (r: Registration, route: Incident['route'], message: string, phone: string) => {
  const words = ROUTE_WORDS[route];
  const subject = `Error in the question set: ${r.form.course.code} (${route === 'PLANNER' ? 'before the exam' : 'during the exam'})`;
  return renderTemplate(handlerMail, subject, { subject, intro: words.intro, action: words.action, message, r, phone });
};

/**
 * R8, before the start: "Contact the planner/administrative staff at your department and ask
 * for the test to be updated with the latest version." The planner's e-mail, with the teacher's
 * message and what to update.
 */
export const renderPlannerMail = (r: Registration, message: string, phone: string, timeZone: string) => {
  const subject = `Update the test: ${r.form.course.code} ${r.form.exam.type} exam ${localDate(r.form.exam.start, timeZone)} (error in the question set)`;
  return renderTemplate(handlerMail, subject, {
    subject,
    intro: `${r.form.contact.name} (${r.form.contact.email}) found an error in the question set before the exam started and is correcting it. Their message:`,
    action:
      'Update the test in Inspera with the latest version of the question set as soon as the teacher has corrected it, before the exam starts, and tell the teacher when it is done.',
    message,
    r,
    phone,
  });
};
