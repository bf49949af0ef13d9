import { createHash, randomBytes } from 'node:crypto';
import { LinkDecisionInputSchema } from '../contracts/http';
import { parseInput } from '../contracts/parse';
import type { ApproverGroup, Registration } from '../contracts/registration';
import { GoneError, NotFoundError } from '../errors';
import type { ApprovalLinkStore, Clock, RegistrationStore } from '../ports';
import { publicView } from '../rules/access';
import { decisionDeadlinePassed, permits, statusInWords } from '../rules/lifecycle';
import { type DecideDeps, recordGroupDecision } from './decide-registration';

/**
 * E-mail action links. The link carries an opaque id of 256 random bits; only its SHA-256
 * is stored, bound to one registration, round and group, and it expires with the decision
 * deadline. Opening the link (GET) changes nothing, so mail scanners that fetch links are
 * harmless; only the POST from the confirmation page decides, once.
 */
const LINK_ID = /^[A-Za-z0-9_-]{43}$/;

export const hashLinkId = (id: string) => createHash('sha256').update(id).digest('hex');

export const createApprovalLink = async (links: ApprovalLinkStore, r: Registration, group: ApproverGroup): Promise<string> => {
  const id = randomBytes(32).toString('base64url');
  await links.put(hashLinkId(id), {
    registrationId: r.id,
    round: r.round,
    group,
    expiresAt: Math.floor(Date.parse(r.derived.studentInfoDueBy) / 1000),
  });
  return id;
};

export interface OpenedLink {
  registration: Registration;
  group: ApproverGroup;
  round: number;
  expiresAt: string;
}

export interface LinkDeps {
  registrations: RegistrationStore;
  links: ApprovalLinkStore;
  now: Clock;
}

const openLink = async (deps: LinkDeps, linkId: string) => {
  if (!LINK_ID.test(linkId)) throw new NotFoundError('This link is not valid');
  const hash = hashLinkId(linkId);
  const link = await deps.links.get(hash);
  if (!link) throw new NotFoundError('This link is not valid');
  if (link.usedAt) throw new GoneError('This link has already been used', 'LINK_USED');
  if (link.expiresAt * 1000 <= deps.now().getTime()) throw new GoneError('This link has expired', 'LINK_EXPIRED');
  const r = await deps.registrations.get(link.registrationId);
  if (!r) throw new NotFoundError('This link is not valid');
  // The same deadline as the API's: the link's own expiry is this date, stored in whole seconds.
  if (decisionDeadlinePassed(r, deps.now())) throw new GoneError('This link has expired', 'LINK_EXPIRED');
  const approval = r.approvals.find((a) => a.group === link.group);
  if (r.round !== link.round || !permits.decisions(r.status) || approval?.state !== 'PENDING') {
    throw new GoneError(
      `This request is closed: the registration is ${statusInWords(r.status)}${approval && approval.state !== 'PENDING' ? ` and ${link.group} has decided` : ''}`,
      'ROUND_CLOSED',
    );
  }
  return { hash, link, registration: publicView(r) };
};

/** GET /approval-links/{id}: what the confirmation page shows. Changes nothing. */
export const viewApprovalLink = async (deps: LinkDeps, linkId: string): Promise<OpenedLink> => {
  const { link, registration } = await openLink(deps, linkId);
  return { registration, group: link.group, round: link.round, expiresAt: new Date(link.expiresAt * 1000).toISOString() };
};

/** POST /approval-links/{id}: the confirmation page's decision; the link is used up with it. */
export const decideByApprovalLink = async (deps: DecideDeps & LinkDeps, linkId: string, body: unknown): Promise<Registration> => {
  const input = parseInput(LinkDecisionInputSchema, body);
  const { hash, link } = await openLink(deps, linkId);
  return recordGroupDecision(deps, {
    id: link.registrationId,
    round: link.round,
    group: link.group,
    decision: input.decision,
    comment: input.comment,
    actor: { sub: `email-link:${link.group}`, email: null, name: `${link.group} approver (e-mail link)` },
    linkHash: hash,
  });
};
