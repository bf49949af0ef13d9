import { ExtraTimeInputSchema } from '../contracts/http';
import { parseInput } from '../contracts/parse';
import type { Registration } from '../contracts/registration';
import type { Incident } from '../contracts/student-notices';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { Clock, IncidentStore, RegistrationStore } from '../ports';
import { assertCanViewOrHandle, isOwner } from '../rules/access';
import { type Principal, hasRole } from '../rules/principal';

export interface ExtraTimeDeps {
  registrations: RegistrationStore;
  incidents: IncidentStore;
  now: Clock;
}

/** Who records the extra-time decision: IT or ED for IT_ED incidents, the teacher (with the department administration) for DEPARTMENT ones. */
const mayDecideExtraTime = (p: Principal, r: Registration, route: Incident['route']) =>
  route === 'IT_ED' ? hasRole(p, 'IT') || hasRole(p, 'ED') : route === 'DEPARTMENT' ? isOwner(p, r) : false;

/** Use case: the extra time candidates get after an error in the question set during the exam (R8), recorded once. */
export const decideExtraTime = async (deps: ExtraTimeDeps, principal: Principal, id: string, incidentId: string, body: unknown): Promise<Incident> => {
  const input = parseInput(ExtraTimeInputSchema, body);
  const r = assertCanViewOrHandle(principal, (await deps.registrations.get(id)) as (Registration & { incidents?: Incident[] }) | null, id);
  const incident = r.incidents?.find((i) => i.id === incidentId);
  if (!incident) throw new NotFoundError(`No incident ${incidentId} on this registration`);
  if (incident.route === 'PLANNER') throw new ConflictError('An error found before the exam started needs no extra time', 'NO_EXTRA_TIME');
  if (!mayDecideExtraTime(principal, r, incident.route)) {
    throw new ForbiddenError(
      incident.route === 'IT_ED' ? 'IT or ED records the extra time for this incident' : 'The teacher records the extra time with the department administration',
    );
  }
  const at = deps.now().toISOString();
  const extraTime = {
    minutes: input.minutes,
    decidedBy: { sub: principal.sub, email: principal.email, name: principal.name },
    decidedAt: at,
    comment: input.comment || null,
  };
  const ok = await deps.incidents.setExtraTime(id, incident, extraTime, {
    at,
    by: extraTime.decidedBy,
    action: 'EXTRA_TIME_DECIDED',
    comment: extraTime.comment,
    details: { incidentId, minutes: input.minutes },
  });
  if (!ok) throw new ConflictError('The extra time for this incident has already been decided', 'ALREADY_DECIDED');
  return { ...incident, extraTime };
};
