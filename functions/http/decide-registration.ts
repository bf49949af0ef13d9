import { decideRegistration } from '../../shared/approvals/decide-registration';
import { decideAddingProposals } from '../../shared/catalogue/proposals';
import { catalogue } from '../lib/dynamodb';
import { decideDeps } from '../lib/deps';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { countDecision } from '../lib/observability';

/** POST /registrations/{id}/decisions */
export const handler = httpHandler(async (req) => {
  const body = req.json();
  const id = req.path.id ?? '';
  const deps = { ...decideDeps, catalogue, decide: (b: unknown) => decideRegistration(decideDeps, req.principal, id, b) };
  // Counted inside the idempotent work: a repeat with the same Idempotency-Key is not a second decision.
  const registration = await idempotent(req, req.principal.sub, body, async () => countDecision(await decideAddingProposals(deps, req.principal, id, body)));
  return json(200, registration);
});
