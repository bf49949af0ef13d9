import { replaceCandidates } from '../../shared/notices/candidates';
import { now } from '../lib/clock';
import { repository } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { noticeConfig, notices } from '../lib/notices';

const deps = { repo: repository, notices, now, retentionDays: noticeConfig.CANDIDATE_RETENTION_DAYS };

/** PUT /registrations/{id}/candidates */
export const handler = httpHandler(async (req) => json(200, await replaceCandidates(deps, req.principal, req.path.id ?? '', req.json())));
