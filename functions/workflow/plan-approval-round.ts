import { ApprovalTimingSchema, parseEnv } from '../../shared/contracts/env';
import { parseInput } from '../../shared/contracts/parse';
import { planRound } from '../../shared/approvals/approval-steps';
import { ExecutionInputSchema } from '../../shared/contracts/workflow';
import { now } from '../lib/clock';
import { registrations } from '../lib/dynamodb';
import { taskHandler } from '../lib/stack-trace';

const deps = { registrations, now, timing: parseEnv(ApprovalTimingSchema) };

/** Workflow step: which groups decide this round, and how long each stage waits. */
export const handler = taskHandler(async (event: unknown) => planRound(deps, parseInput(ExecutionInputSchema, event)));
