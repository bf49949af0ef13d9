import * as z from 'zod/mini';
import { type Principal, hasRole } from '../rules/principal';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { assertCanView, isOwner } from '../rules/access';
import type { RegistrationRepository } from '../adapters/dynamodb/registration-store';
import { parseInput } from '../contracts/parse';
import type { Registration } from '../contracts/registration';
import type { Incident } from '../contracts/student-notices';

/** The extra time candidates get after an error in the question set during the exam (R8), recorded once. */
export const ExtraTimeInputSchema = z
  .strictObject({
    minutes: z
      .number({ error: 'Give the extra time in whole minutes (0 for none)' })
      .check(z.int('Whole minutes'), z.minimum(0), z.maximum(240, 'At most 240 minutes')),
    comment: z._default(z.string().check(z.trim(), z.maxLength(2000)), ''),
  })
  .register(z.globalRegistry, { id: 'ExtraTimeInput' });

export interface ExtraTimeDeps {
  repo: RegistrationRepository;
  now: () => Date;
}

/** Who records the extra-time decision: IT or ED for IT_ED incidents, the teacher (with the department administration) for DEPARTMENT ones. */
const mayDecideExtraTime = (p: Principal, r: Registration, route: Incident['route']) =>
  route === 'IT_ED' ? hasRole(p, 'IT') || hasRole(p, 'ED') : route === 'DEPARTMENT' ? isOwner(p, r) : false;

export const decideExtraTime = async (
  deps: ExtraTimeDeps,
  principal: Principal,
  id: string,
  incidentId: string,
  body: unknown,
): Promise<Incident> => {
  const input = parseInput(ExtraTimeInputSchema, body);
  const r = assertCanView(principal, await deps.repo.get(id), id) as Registration & { incidents?: Incident[] };
  const incident = r.incidents?.find((i) => i.id === incidentId);
  if (!incident) throw new NotFoundError(`No incident ${incidentId} on this registration`);
  if (incident.route === 'PLANNER') throw new ConflictError('An error found before the exam started needs no extra time');
  if (!mayDecideExtraTime(principal, r, incident.route)) {
    throw new ForbiddenError(incident.route === 'IT_ED' ? 'IT or ED records the extra time for this incident' : 'The teacher records the extra time with the department administration');
  }
  const at = deps.now().toISOString();
  const extraTime = { minutes: input.minutes, decidedBy: { sub: principal.sub, email: principal.email, name: principal.name }, decidedAt: at, comment: input.comment || null };
  const ok = await deps.repo.setIncidentExtraTime(id, incident, extraTime, { at, by: extraTime.decidedBy, action: 'EXTRA_TIME_DECIDED', comment: extraTime.comment, details: { incidentId, minutes: input.minutes } });
  if (!ok) throw new ConflictError('The extra time for this incident has already been decided');
  return { ...incident, extraTime };
};
