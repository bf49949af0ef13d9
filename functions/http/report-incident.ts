import { IncidentLimitSchema, PlannerConfigSchema, parseEnv, plannerMailbox } from '../../shared/contracts/env';
import { reportIncident } from '../../shared/notices/incidents';
import { newId, now } from '../lib/clock';
import { candidates, incidents, notices, rateLimits, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { countMetric } from '../lib/observability';
import { noticeConfig } from '../lib/notices';
import { approverAddresses, mailContext, mailer } from '../lib/ses';
import { workflow } from '../lib/sfn';

const planners = parseEnv(PlannerConfigSchema);

const deps = {
  registrations,
  incidents,
  candidates,
  notices,
  workflow,
  mailer,
  mail: mailContext,
  approverAddresses,
  plannerOf: (department: string) => plannerMailbox(planners, department),
  languages: noticeConfig.STUDENT_LETTER_LANGUAGES,
  retentionDays: noticeConfig.CANDIDATE_RETENTION_DAYS,
  now,
  newId,
  rateLimits,
  limits: parseEnv(IncidentLimitSchema),
};

/** POST /registrations/{id}/incidents */
export const handler = httpHandler(async (req) => {
  const body = req.json();
  const incident = await idempotent(req, req.principal.sub, body, () => reportIncident(deps, req.principal, req.path.id ?? '', body));
  countMetric('IncidentReported', 1, { route: incident.route });
  return json(201, incident);
});
