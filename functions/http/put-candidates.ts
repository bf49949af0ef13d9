import { replaceCandidates } from '../../shared/notices/candidates';
import { now } from '../lib/clock';
import { candidates, notices, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { noticeConfig } from '../lib/notices';
import { rules } from '../lib/rules';

const deps = { registrations, candidates, notices, now, retentionDays: noticeConfig.CANDIDATE_RETENTION_DAYS, studentDomains: rules.STUDENT_MAIL_DOMAINS };

/** PUT /registrations/{id}/candidates */
export const handler = httpHandler(async (req) => json(200, await replaceCandidates(deps, req.principal, req.path.id ?? '', req.json())));
