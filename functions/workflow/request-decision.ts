import { parseInput } from '../../shared/schemas/parse';
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
  actionUrl: async (r: { id: string }) => `${mailContext.appBaseUrl}/#/registrations/${encodeURIComponent(r.id)}`,
};

/** Workflow step (callback): a group is asked for its decision, reminded, or escalated to. */
export const handler = async (event: unknown) => requestDecision(deps, parseInput(RequestDecisionInputSchema, event));
