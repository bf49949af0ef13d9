import { parseInput } from '../../shared/schemas/parse';
import { closeRound } from '../../shared/workflow/approval-steps';
import { CloseRoundInputSchema } from '../../shared/workflow/contract';
import { repository } from '../lib/dynamodb';
import { mailContext, mailer } from '../lib/ses';

const deps = { repo: repository, now: () => new Date(), mailer, mail: mailContext };

/** Workflow step: record the round's outcome and tell the submitter. */
export const handler = async (event: unknown) => closeRound(deps, parseInput(CloseRoundInputSchema, event));
