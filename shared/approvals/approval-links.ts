import { createHash, randomBytes } from 'node:crypto';
import { GoneError, NotFoundError } from '../errors';
import { parseInput } from '../contracts/parse';
import type { ApproverGroup, Registration } from '../contracts/registration';
import { type DecideDeps, LinkDecisionInputSchema, recordGroupDecision } from './decide-registration';
import { publicView } from '../rules/access';
import type { RegistrationRepository } from '../adapters/dynamodb/registration-store';

/**
 * E-mail action links. The link carries an opaque id of 256 random bits; only its SHA-256
 * is stored, bound to one registration, round and group, and it expires with the decision
 * deadline. Opening the link (GET) changes nothing, so mail scanners that fetch links are
 * harmless; only the POST from the confirmation page decides, once.
 */
const LINK_ID = /^[A-Za-z0-9_-]{43}$/;

export const hashLinkId = (id: string) => createHash('sha256').update(id).digest('hex');

export const createApprovalLink = async (repo: RegistrationRepository, r: Registration, group: ApproverGroup): Promise<string> => {
  const id = randomBytes(32).toString('base64url');
  await repo.putApprovalLink(hashLinkId(id), {
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

const openLink = async (deps: { repo: RegistrationRepository; now: () => Date }, linkId: string) => {
  if (!LINK_ID.test(linkId)) throw new NotFoundError('This link is not valid');
  const hash = hashLinkId(linkId);
  const link = await deps.repo.getApprovalLink(hash);
  if (!link) throw new NotFoundError('This link is not valid');
  if (link.usedAt) throw new GoneError('This link has already been used');
  if (link.expiresAt * 1000 <= deps.now().getTime()) throw new GoneError('This link has expired');
  const r = await deps.repo.get(link.registrationId);
  if (!r) throw new NotFoundError('This link is not valid');
  const approval = r.approvals.find((a) => a.group === link.group);
  if (r.round !== link.round || r.status !== 'PENDING_APPROVAL' || approval?.state !== 'PENDING') {
    throw new GoneError(`This request is closed: the registration is ${r.status.toLowerCase().replace('_', ' ')}${approval && approval.state !== 'PENDING' ? ` and ${link.group} has decided` : ''}`);
  }
  return { hash, link, registration: publicView(r) };
};

/** GET /approval-links/{id}: what the confirmation page shows. Changes nothing. */
export const viewApprovalLink = async (deps: { repo: RegistrationRepository; now: () => Date }, linkId: string): Promise<OpenedLink> => {
  const { link, registration } = await openLink(deps, linkId);
  return { registration, group: link.group, round: link.round, expiresAt: new Date(link.expiresAt * 1000).toISOString() };
};

/** POST /approval-links/{id}: the confirmation page's decision; the link is used up with it. */
export const decideByApprovalLink = async (deps: DecideDeps, linkId: string, body: unknown): Promise<Registration> => {
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
