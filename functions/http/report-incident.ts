import { IncidentLimitSchema, PlannerConfigSchema, parseEnv, plannerMailbox } from '../../shared/contracts/env';
import { reportIncident } from '../../shared/notices/incidents';
import { newId, now } from '../lib/clock';
import { candidates, incidents, notices, rateLimits, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { lazyWorkflow } from '../lib/lazy-workflow';
import { countMetric } from '../lib/observability';
import { noticeConfig } from '../lib/notices';
import { approverAddresses, mailContext, mailer } from '../lib/ses';

const planners = parseEnv(PlannerConfigSchema);

const deps = {
  registrations,
  incidents,
  candidates,
  notices,
  workflow: lazyWorkflow,
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
  // Counted inside the idempotent work: a repeat with the same Idempotency-Key is not a second incident.
  const incident = await idempotent(req, req.principal.sub, body, async () => {
    const reported = await reportIncident(deps, req.principal, req.path.id ?? '', body);
    countMetric('IncidentReported', 1, { route: reported.route });
    return reported;
  });
  return json(201, incident);
});
