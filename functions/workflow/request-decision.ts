import { createApprovalLink } from '../../shared/approvals/approval-links';
import { parseInput } from '../../shared/contracts/parse';
import type { ApproverGroup, Registration } from '../../shared/contracts/registration';
import { requestDecision } from '../../shared/approvals/approval-steps';
import { RequestDecisionInputSchema } from '../../shared/contracts/workflow';
import { calendarDeps } from '../lib/calendar';
import { now } from '../lib/clock';
import { approvals, links, registrations } from '../lib/dynamodb';
import { lazyCallbacks } from '../lib/lazy-callbacks';
import { logger } from '../lib/observability';
import { approverAddresses, mailContext, mailer } from '../lib/ses';
import { taskHandler } from '../lib/stack-trace';

const deps = {
  registrations,
  approvals,
  mailClaims: approvals,
  now,
  mailer,
  // Used only when the group has decided already: the Step Functions client loads then.
  callbacks: lazyCallbacks,
  mail: mailContext,
  approverAddresses,
  capacity: calendarDeps,
  // A fresh single-use link per e-mail; only its hash is stored.
  actionUrl: async (r: Registration, group: ApproverGroup, sentTo: readonly string[]) =>
    `${mailContext.appBaseUrl}/#/confirm/${await createApprovalLink(links, r, group, sentTo)}`,
};

/** Workflow step (callback): a group is asked for its decision, reminded, or escalated to. */
export const handler = taskHandler(async (event: unknown) => {
  const input = parseInput(RequestDecisionInputSchema, event);
  // The input carries the task token: log the facts, never the input itself.
  logger.info('decision requested', { registrationId: input.registrationId, round: input.round, group: input.group, stage: input.stage });
  await requestDecision(deps, input);
});
