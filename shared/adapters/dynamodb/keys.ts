import type { ApproverGroup } from '../../contracts/registration';

/**
 * Single-table key design. Every item of a registration shares its partition, so one
 * Query returns the registration, its approvals and its history.
 *
 * | item          | pk            | sk                          | gsi1 (owner, newest first)       | gsi2 (approver queue, oldest first) |
 * |---------------|---------------|-----------------------------|----------------------------------|-------------------------------------|
 * | registration  | REG#<id>      | META                        | OWNER#<sub> / <createdAt>#<id>   |                                     |
 * | approval      | REG#<id>      | APPROVAL#<round>#<group>    |                                  | QUEUE#<group> / <requestedAt>#<id> (only while pending) |
 * | history entry | REG#<id>      | HISTORY#<at>#<rand>         |                                  |                                     |
 */
export const registrationPk = (id: string) => `REG#${id}`;
export const META_SK = 'META';
export const ownerGsiPk = (sub: string) => `OWNER#${sub}`;
export const createdSortKey = (createdAt: string, id: string) => `${createdAt}#${id}`;

const pad = (n: number) => String(n).padStart(4, '0');

export const approvalSk = (round: number, group: ApproverGroup) => `APPROVAL#${pad(round)}#${group}`;
export const APPROVAL_PREFIX = 'APPROVAL#';
export const queueGsiPk = (group: ApproverGroup) => `QUEUE#${group}`;

export const HISTORY_PREFIX = 'HISTORY#';
/** History entries sort by time; the random suffix keeps two entries of the same millisecond apart. */
export const historySk = (at: string, suffix: string) => `${HISTORY_PREFIX}${at}#${suffix}`;

/** E-mail action links are stored under the SHA-256 of their id; the id itself is never stored. */
export const linkPk = (idHash: string) => `LINK#${idHash}`;
export const LINK_SK = 'LINK';

/**
 * Bulky items of a registration (candidate lists, notices and their recipients) sort after
 * `~`, behind the registration's own items, so reading a registration never reads them.
 */
export const BULKY_PREFIX = '~';
export const candidatePrefix = (version: number) => `~C#${pad(version)}#`;
export const candidateSk = (version: number, hash: string) => `${candidatePrefix(version)}${hash}`;
export const noticeSk = (noticeId: string) => `~N#${noticeId}`;
export const noticeRecipientPrefix = (noticeId: string) => `~N#${noticeId}#R#`;
export const noticeRecipientSk = (noticeId: string, hash: string) => `${noticeRecipientPrefix(noticeId)}${hash}`;
/** Claim of a one-time e-mail (an approval request, an outcome), taken before it is sent. */
export const mailClaimSk = (what: string) => `~M#${what}`;
export const INCIDENT_PREFIX = 'INCIDENT#';
export const incidentSk = (createdAt: string, id: string) => `${INCIDENT_PREFIX}${createdAt}#${id}`;
/** Exam-day index: registrations by course, to find a course's approved software requests. */
export const courseGsiPk = (code: string) => `COURSE#${code}`;
