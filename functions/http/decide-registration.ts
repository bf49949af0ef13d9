import { decideRegistration } from '../../shared/approvals/decide-registration';
import { decideDeps } from '../lib/deps';
import { httpHandler, json } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';

/** POST /registrations/{id}/decisions */
export const handler = httpHandler(async (req) => {
  const body = req.json();
  return json(200, await idempotent(req, req.principal.sub, body, () => decideRegistration(decideDeps, req.principal, req.path.id ?? '', body)));
});
