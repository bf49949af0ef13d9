import { NoticeStepInputSchema } from '../../shared/contracts/workflow';
import { prepareNotice } from '../../shared/notices/dispatch';
import { parseInput } from '../../shared/contracts/parse';
import { now } from '../lib/clock';
import { candidates, catalogue, notices, queries, registrations, rehearsals } from '../lib/dynamodb';
import { noticeConfig } from '../lib/notices';
import { approverAddresses, mailContext } from '../lib/mail-context';
import { taskHandler } from '../lib/stack-trace';

const deps = { registrations, queries, candidates, notices, catalogue, rehearsals, approverAddresses, mail: mailContext, config: noticeConfig, now };

/** Workflow step: fix a notice's content and recipients (students; the teacher and IT for a rehearsal reminder). */
export const handler = taskHandler(async (event: unknown) => prepareNotice(deps, parseInput(NoticeStepInputSchema, event)));
