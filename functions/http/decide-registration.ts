import { decideRegistration } from '../../shared/approvals/decide-registration';
import { decideDeps } from '../lib/deps';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { countDecision } from '../lib/observability';

/** POST /registrations/{id}/decisions */
export const handler = httpHandler(async (req) => {
  const body = req.json();
  // Counted inside the idempotent work: a repeat with the same Idempotency-Key is not a second decision.
  const registration = await idempotent(req, req.principal.sub, body, async () =>
    countDecision(await decideRegistration(decideDeps, req.principal, req.path.id ?? '', body)),
  );
  return json(200, registration);
});
