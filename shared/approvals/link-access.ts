import { createHash } from 'node:crypto';
import type { Actor } from '../contracts/registration';
import { GoneError, NotFoundError } from '../errors';
import type { ApprovalLinkRecord, ApprovalLinkStore, Clock, RegistrationStore } from '../ports';
import { publicView } from '../rules/access';
import { decisionDeadlinePassed, permits, statusInWords } from '../rules/lifecycle';

/**
 * Opening an e-mail action link: the checks every use of a link makes (the page's view, the
 * decision from the page, and a signed-in approver's decision through the link on the
 * decisions API). Apart from the use cases, so that both can use a link.
 */
const LINK_ID = /^[A-Za-z0-9_-]{43}$/;

export const hashLinkId = (id: string) => createHash('sha256').update(id).digest('hex');

export interface LinkDeps {
  registrations: RegistrationStore;
  links: ApprovalLinkStore;
  now: Clock;
}

export const openLink = async (deps: LinkDeps, linkId: string) => {
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

/**
 * Who a decision through a link is recorded as when no one signed in made it: the mailbox the
 * link was sent to (anyone who reads that mailbox could have used it). Links stored before the
 * mailbox was kept name their group alone.
 */
export const linkActor = (link: Pick<ApprovalLinkRecord, 'group' | 'sentTo'>): Actor => {
  const mailbox = link.sentTo?.length ? link.sentTo.join(', ') : null;
  return {
    sub: `email-link:${link.group}`,
    email: mailbox,
    name: mailbox ? `E-mail link sent to ${mailbox} (${link.group})` : `${link.group} approver (e-mail link)`,
  };
};
