import { decideByApprovalLink } from '../../shared/approvals/approval-links';
import { decideDeps } from '../lib/deps';
import { json, publicHttpHandler } from '../lib/http-handler';
import { idempotent } from '../lib/idempotency';
import { countDecision } from '../lib/observability';

/** POST /approval-links/{linkId}: the decision confirmed on the page an e-mail link opened. */
export const handler = publicHttpHandler(async (req) => {
  const body = req.json();
  // The link is the caller's only credential, so it scopes the key (the path holds it).
  const registration = await idempotent(req, 'email-link', body, async () => countDecision(await decideByApprovalLink(decideDeps, req.path.linkId ?? '', body)));
  return json(200, registration);
});
