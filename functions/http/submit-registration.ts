import { preferredLanguage } from '../../shared/contracts/languages';
import { submitRegistration } from '../../shared/registrations/submit-registration';
import { newId, now } from '../lib/clock';
import { catalogue, queries, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { countMetric } from '../lib/observability';
import { rules } from '../lib/rules';
import { workflow } from '../lib/sfn';

const deps = { registrations, workflow, catalogue, rules, now, newId, queries };

/** POST /registrations */
export const handler = httpHandler(async (req) => {
  const body = req.json();
  const language = preferredLanguage(req.header('accept-language'));
  // Counted inside the idempotent work: a repeat with the same Idempotency-Key is not a second submission.
  const registration = await idempotent(req, req.principal.sub, body, async () => {
    const submitted = await submitRegistration(deps, req.principal, body, language);
    countMetric('RegistrationSubmitted', 1, { kind: submitted.kind });
    return submitted;
  });
  return json(201, registration, { location: `/registrations/${registration.id}` });
});
