import type { ApproverGroup } from '../contracts/registration';
import type { LetterLanguage } from '../contracts/languages';
import { parseInput } from '../contracts/parse';
import { type Incident, IncidentInputSchema } from '../contracts/student-notices';
import { ConflictError, ForbiddenError, TooManyRequestsError } from '../errors';
import { ROUTE_WORDS, renderIncidentHandlerMail, renderPlannerMail } from '../mail/incident-mail';
import type { MailContext } from '../mail/render';
import type { IncidentLimits } from '../contracts/env';
import type { CandidateStore, Clock, IdGenerator, IncidentStore, MailSender, NoticeStore, RateLimitStore, RegistrationStore, WorkflowControl } from '../ports';
import { assertCanView, isOwner } from '../rules/access';
import { incidentRoute } from '../rules/exam-rules';
import { permits, refusalCode, statusInWords } from '../rules/lifecycle';
import type { Principal } from '../rules/principal';
import { personalDataExpiry } from '../rules/retention';

export interface IncidentDeps {
  registrations: RegistrationStore;
  incidents: IncidentStore;
  candidates: CandidateStore;
  notices: NoticeStore;
  workflow: WorkflowControl;
  mailer: MailSender;
  mail: MailContext;
  approverAddresses: Record<ApproverGroup, string[]>;
  /** R8: the planner mailbox of a department (configuration, with a default). */
  plannerOf: (department: string) => string;
  languages: LetterLanguage[];
  retentionDays: number;
  now: Clock;
  newId: IdGenerator;
  rateLimits: RateLimitStore;
  limits: IncidentLimits;
}

/** Incident reports mail people: counted per user and per registration, across every instance. */
const assertWithinLimits = async (deps: IncidentDeps, sub: string, id: string, at: Date) => {
  const window = deps.limits.INCIDENT_LIMIT_WINDOW_SECONDS;
  for (const [counter, limit, what] of [
    [`incident#user#${sub}`, deps.limits.INCIDENT_LIMIT_PER_USER, 'you have reported'],
    [`incident#registration#${id}`, deps.limits.INCIDENT_LIMIT_PER_REGISTRATION, 'this registration has had'],
  ] as const) {
    const taken = await deps.rateLimits.take(counter, limit, window, at);
    if (!taken.allowed)
      throw new TooManyRequestsError(`Too many error reports: ${what} ${limit} in ${Math.round(window / 60)} minutes; try again later`, taken.retryAfterSeconds);
  }
};

/**
 * Use case: POST /registrations/{id}/incidents. Routed by R8: before the start the teacher
 * corrects the question set and the department's planner is mailed to update the test; during the exam IT/ED (school exams, home exams ≤ 6 h) or the department
 * administration (longer home exams) handle it, and the teacher's notice goes to every
 * candidate at once through the notice workflow.
 */
export const reportIncident = async (deps: IncidentDeps, principal: Principal, id: string, body: unknown): Promise<Incident> => {
  const input = parseInput(IncidentInputSchema, body);
  const r = assertCanView(principal, await deps.registrations.get(id), id);
  if (!isOwner(principal, r)) throw new ForbiddenError('Only the person who registered the exam may report errors in its question set');
  if (!permits.incident(r.status, input.phase)) {
    const notYet = input.phase === 'during' && r.status !== 'APPROVED' && permits.incident(r.status, 'before-start');
    throw new ConflictError(
      notYet ? 'Only an approved exam can be under way' : `The registration is ${statusInWords(r.status)}`,
      notYet ? 'NOT_APPROVED' : refusalCode(r.status, 'REGISTRATION_CLOSED'),
    );
  }
  const now = deps.now();
  await assertWithinLimits(deps, principal.sub, id, now);
  const route = incidentRoute(r.form.exam, input.phase);
  const actor = { sub: principal.sub, email: principal.email, name: principal.name };
  const list = await deps.candidates.current(id);
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
  // The teacher's text goes only to the authenticated submitter (never the form's free-text contact), the planner or the handling groups.
  const submitter = principal.email ?? r.owner.email;
  const to = ROUTE_WORDS[route].to === 'owner' ? (submitter ? [submitter] : []) : [...deps.approverAddresses.IT, ...deps.approverAddresses.ED];
  if (to.length > 0) await deps.mailer.send({ to, ...renderIncidentHandlerMail(r, route, input.message, deps.mail), tags: { registration: id, kind: 'incident' } });
  if (route === 'PLANNER') {
    const planner = renderPlannerMail(r, input.message, deps.mail);
    await deps.mailer.send({ to: [deps.plannerOf(r.form.department)], ...planner, tags: { registration: id, kind: 'incident-planner' } });
  }
  await deps.incidents.put(id, incident, {
    at: incident.createdAt,
    by: actor,
    action: 'INCIDENT_REPORTED',
    comment: null,
    details: { incidentId: incident.id, route, phase: input.phase },
  });

  if (input.phase === 'during') {
    const noticeId = `incident-${incident.id}`;
    // Loaded for a report during the exam, like the workflow client it starts the notice with: a
    // report before the start (mailed to the planner) needs neither at its cold start.
    const { renderIncidentNotice } = await import('../mail/student-letter');
    const content = renderIncidentNotice(r, input.message, deps.mail, deps.languages);
    await deps.notices.snapshot(
      id,
      { noticeId, kind: 'incident', scheduledFor: incident.createdAt, expiresAt: personalDataExpiry(r.form.exam, deps.retentionDays), ...content },
      [],
    );
    await deps.workflow.startNotices(id, noticeId);
  }

  return incident;
};
