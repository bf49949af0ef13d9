import * as z from 'zod/mini';
import { type Principal, hasRole } from '../rules/principal';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { Mailer } from '../adapters/ses/mailer';
import type { MailContext } from '../mail/render';
import { mailTemplate, renderTemplate } from '../mail/render';
import type { LetterLanguage } from '../mail/letter-languages';
import { renderIncidentNotice } from '../mail/student-letter';
import { assertCanView, isOwner } from '../rules/access';
import type { RegistrationRepository } from '../adapters/dynamodb/registration-store';
import { incidentRoute } from '../rules/exam-rules';
import { parseInput } from '../contracts/parse';
import type { ApproverGroup, Registration } from '../contracts/registration';
import { type Incident, IncidentInputSchema } from '../contracts/student-notices';
import type { WorkflowStarter } from '../adapters/sfn/workflow-control';
import { personalDataExpiry } from './config';
import type { NoticeRepository } from '../adapters/dynamodb/notice-store';

export interface IncidentDeps {
  repo: RegistrationRepository;
  notices: NoticeRepository;
  workflow: WorkflowStarter;
  mailer: Mailer;
  mail: MailContext;
  approverAddresses: Record<ApproverGroup, string[]>;
  languages: LetterLanguage[];
  retentionDays: number;
  now: () => Date;
  newId: () => string;
}

const handlerMail = mailTemplate({
  html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title><%= it.subject %></title></head><body style="font-family:system-ui,sans-serif;max-width:640px;margin:auto;padding:16px">
<h1 style="font-size:20px"><%= it.subject %></h1><p><%= it.intro %></p>
<blockquote style="border-left:4px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap"><%= it.message %></blockquote>
<p>Course <%= it.r.form.course.code %> <%= it.r.form.course.name %>, <%= it.r.form.exam.type %> exam, <%= it.r.form.exam.durationMinutes %> minutes. Reference <%= it.r.id %>.</p>
<p><%= it.action %></p><p style="font-size:13px;color:#555">Immediate help during an exam: <%= it.phone %></p></body></html>`,
  text: `<%= it.subject %>

<%= it.intro %>

<%= it.message %>

Course <%= it.r.form.course.code %> <%= it.r.form.course.name %>, <%= it.r.form.exam.type %> exam, <%= it.r.form.exam.durationMinutes %> minutes. Reference <%= it.r.id %>.

<%= it.action %>
Immediate help during an exam: <%= it.phone %>
`,
});

const ROUTE_WORDS: Record<Incident['route'], { to: 'owner' | 'it-ed'; intro: string; action: string }> = {
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

/**
 * Use case: POST /registrations/{id}/incidents. Routed by R8: before the start the planner
 * updates the test; during the exam IT/ED (school exams, home exams ≤ 6 h) or the department
 * administration (longer home exams) handle it, and the teacher's notice goes to every
 * candidate at once through the notice workflow.
 */
export const reportIncident = async (deps: IncidentDeps, principal: Principal, id: string, body: unknown): Promise<Incident> => {
  const input = parseInput(IncidentInputSchema, body);
  const r = assertCanView(principal, await deps.repo.get(id), id);
  if (!isOwner(principal, r)) throw new ForbiddenError('Only the person who registered the exam may report errors in its question set');
  if (['CANCELLED', 'REJECTED', 'EXPIRED'].includes(r.status)) throw new ConflictError(`The registration is ${r.status.toLowerCase()}`);
  if (input.phase === 'during' && r.status !== 'APPROVED') throw new ConflictError('Only an approved exam can be under way');
  const now = deps.now();
  const route = incidentRoute(r.form.exam, input.phase);
  const actor = { sub: principal.sub, email: principal.email, name: principal.name };
  const list = await deps.notices.candidateList(id);
  const incident: Incident = {
    id: deps.newId(),
    route,
    phase: input.phase,
    message: input.message,
    createdAt: now.toISOString(),
    createdBy: actor,
    notifiedCandidates: input.phase === 'during' ? (list?.count ?? 0) : 0,
    extraTime: null,
  };
  // The people who handle it are told first: if that fails nothing is stored, and the caller's retry
  // (same Idempotency-Key) does not record the incident, or send the candidates its notice, twice.
  const words = ROUTE_WORDS[route];
  const to = words.to === 'owner' ? [r.form.contact.email] : [...deps.approverAddresses.IT, ...deps.approverAddresses.ED];
  const subject = `Error in the question set: ${r.form.course.code} (${route === 'PLANNER' ? 'before the exam' : 'during the exam'})`;
  await deps.mailer.send({
    to,
    ...renderTemplate(handlerMail, subject, { subject, intro: words.intro, action: words.action, message: input.message, r, phone: deps.mail.phones.duringExam }),
    tags: { registration: id, kind: 'incident' },
  });
  await deps.repo.putIncident(id, incident, { at: incident.createdAt, by: actor, action: 'INCIDENT_REPORTED', comment: null, details: { incidentId: incident.id, route, phase: input.phase } });

  if (input.phase === 'during') {
    const noticeId = `incident-${incident.id}`;
    const content = renderIncidentNotice(r, input.message, deps.mail, deps.languages);
    await deps.notices.snapshotNotice(id, { noticeId, kind: 'incident', scheduledFor: incident.createdAt, expiresAt: personalDataExpiry(r.form.exam, deps.retentionDays), ...content }, []);
    await deps.workflow.startNotices(id, noticeId);
  }

  return incident;
};
