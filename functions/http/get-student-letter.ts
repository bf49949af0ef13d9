import { viewStudentLetter } from '../../shared/notices/student-letter-view';
import { catalogue, notices, queries, registrations } from '../lib/dynamodb';
import { httpHandler, json } from '../lib/http-handler';
import { noticeConfig } from '../lib/notices';
import { studentMailContext } from '../lib/rules';

const deps = { registrations, queries, notices, catalogue, mail: studentMailContext, languages: noticeConfig.STUDENT_LETTER_LANGUAGES };

/** GET /registrations/{id}/letter */
export const handler = httpHandler(async (req) => json(200, await viewStudentLetter(deps, req.principal, req.path.id ?? '')));
