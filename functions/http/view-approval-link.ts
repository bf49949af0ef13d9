import { viewApprovalLink } from '../../shared/registrations/approval-links';
import { repository } from '../lib/dynamodb';
import { json, publicHttpHandler } from '../lib/http-handler';

// Reading a link needs no workflow client: keeping lib/deps out keeps the SFN client out of the bundle.
const now = () => new Date();

/** GET /approval-links/{linkId}: what the confirmation page shows; changes nothing (mail scanners fetch links). */
export const handler = publicHttpHandler(async (req) => json(200, await viewApprovalLink({ repo: repository, now }, req.path.linkId ?? '')));
