import { decideByApprovalLink } from '../../shared/registrations/approval-links';
import { decideDeps } from '../lib/deps';
import { json, publicHttpHandler } from '../lib/http-handler';

/** POST /approval-links/{linkId}: the decision confirmed on the page an e-mail link opened. */
export const handler = publicHttpHandler(async (req) => json(200, await decideByApprovalLink(decideDeps, req.path.linkId ?? '', req.json())));
