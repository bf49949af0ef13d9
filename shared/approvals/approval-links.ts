import { randomBytes } from 'node:crypto';
import { LinkDecisionInputSchema } from '../contracts/http';
import { parseInput } from '../contracts/parse';
import type { ApproverGroup, Registration } from '../contracts/registration';
import type { ApprovalLinkStore } from '../ports';
import { type DecideDeps, recordGroupDecision } from './decide-registration';
import { type LinkDeps, hashLinkId, linkActor, openLink } from './link-access';

export { hashLinkId, type LinkDeps } from './link-access';

/**
 * E-mail action links. The link carries an opaque id of 256 random bits; only its SHA-256
 * is stored, bound to one registration, round and group, and it expires with the decision
 * deadline. Opening the link (GET) changes nothing, so mail scanners that fetch links are
 * harmless; only the POST from the confirmation page decides, once. The link also keeps the
 * mailbox it was sent to: a decision made without signing in is recorded as that mailbox's.
 */
export const createApprovalLink = async (links: ApprovalLinkStore, r: Registration, group: ApproverGroup, sentTo: readonly string[] = []): Promise<string> => {
  const id = randomBytes(32).toString('base64url');
  await links.put(hashLinkId(id), {
    registrationId: r.id,
    round: r.round,
    group,
    expiresAt: Math.floor(Date.parse(r.derived.studentInfoDueBy) / 1000),
    sentTo: [...sentTo],
  });
  return id;
};

export interface OpenedLink {
  registration: Registration;
  group: ApproverGroup;
  round: number;
  expiresAt: string;
  /** The mailbox the link was sent to: a decision made without signing in is recorded as it. */
  sentTo: string[];
}

/** GET /approval-links/{id}: what the confirmation page shows. Changes nothing. */
export const viewApprovalLink = async (deps: LinkDeps, linkId: string): Promise<OpenedLink> => {
  const { link, registration } = await openLink(deps, linkId);
  return { registration, group: link.group, round: link.round, expiresAt: new Date(link.expiresAt * 1000).toISOString(), sentTo: link.sentTo ?? [] };
};

/** POST /approval-links/{id}: the confirmation page's decision, recorded as the link's mailbox; the link is used up with it. */
export const decideByApprovalLink = async (deps: DecideDeps & LinkDeps, linkId: string, body: unknown): Promise<Registration> => {
  const input = parseInput(LinkDecisionInputSchema, body);
  const { hash, link } = await openLink(deps, linkId);
  return recordGroupDecision(deps, {
    id: link.registrationId,
    round: link.round,
    group: link.group,
    decision: input.decision,
    comment: input.comment,
    actor: linkActor(link),
    linkHash: hash,
  });
};
