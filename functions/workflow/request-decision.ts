import { createApprovalLink } from '../../shared/registrations/approval-links';
import { parseInput } from '../../shared/schemas/parse';
import type { ApproverGroup, Registration } from '../../shared/schemas/registration';
import { requestDecision } from '../../shared/workflow/approval-steps';
import { RequestDecisionInputSchema } from '../../shared/workflow/contract';
import { callbacks } from '../lib/callbacks';
import { repository } from '../lib/dynamodb';
import { approverAddresses, mailContext, mailer } from '../lib/ses';

const deps = {
  repo: repository,
  now: () => new Date(),
  mailer,
  callbacks,
  mail: mailContext,
  approverAddresses,
  // A fresh single-use link per e-mail; only its hash is stored.
  actionUrl: async (r: Registration, group: ApproverGroup) => `${mailContext.appBaseUrl}/#/confirm/${await createApprovalLink(repository, r, group)}`,
};

/** Workflow step (callback): a group is asked for its decision, reminded, or escalated to. */
export const handler = async (event: unknown) => requestDecision(deps, parseInput(RequestDecisionInputSchema, event));
