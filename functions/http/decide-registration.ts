import { decideRegistration } from '../../shared/approvals/decide-registration';
import { decideDeps } from '../lib/deps';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { countDecision } from '../lib/observability';

/** POST /registrations/{id}/decisions */
export const handler = httpHandler(async (req) => {
  const body = req.json();
  const registration = await idempotent(req, req.principal.sub, body, () => decideRegistration(decideDeps, req.principal, req.path.id ?? '', body));
  countDecision(registration);
  return json(200, registration);
});
