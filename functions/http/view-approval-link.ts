import { viewApprovalLink } from '../../shared/approvals/approval-links';
import { now } from '../lib/clock';
import { links, registrations } from '../lib/dynamodb';
import { json, publicHttpHandler } from '../lib/http-handler';

/** GET /approval-links/{linkId}: what the confirmation page shows; changes nothing (mail scanners fetch links). */
export const handler = publicHttpHandler(async (req) => json(200, await viewApprovalLink({ registrations, links, now }, req.path.linkId ?? '')));
