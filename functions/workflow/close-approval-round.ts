import { parseInput } from '../../shared/contracts/parse';
import { closeRound } from '../../shared/approvals/approval-steps';
import { CloseRoundInputSchema } from '../../shared/contracts/workflow';
import { now } from '../lib/clock';
import { approvals, notices, registrations, rehearsals } from '../lib/dynamodb';
import { noticeConfig } from '../lib/notices';
import { mailContext, mailer } from '../lib/ses';
import { taskHandler } from '../lib/stack-trace';

const deps = { registrations, mailClaims: approvals, now, mailer, mail: mailContext, notices, rehearsals, retentionDays: noticeConfig.CANDIDATE_RETENTION_DAYS };

/** Workflow step: record the round's outcome and tell the submitter. */
export const handler = taskHandler(async (event: unknown) => closeRound(deps, parseInput(CloseRoundInputSchema, event)));
