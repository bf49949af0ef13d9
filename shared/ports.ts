import type { StaffingOverride } from './contracts/calendar';
import type { CatalogueRevision } from './contracts/catalogue';
import type { FeedScope } from './contracts/calendar-feeds';
import type { Actor, Approval, ApprovalState, ApproverGroup, HistoryEntry, Registration, RegistrationStatus } from './contracts/registration';
import type { Candidate, Incident } from './contracts/student-notices';
import type { ExecutionInput } from './contracts/workflow';

/**
 * The ports: what the use cases need from the world, as small interfaces. The AWS
 * implementations live in shared/adapters (DynamoDB, Step Functions, SES); the unit tests use
 * in-memory ones (tests/support/in-memory). Use cases import this module, never an adapter.
 */

/** The registration as stored, without the items (approvals, history) that live beside it. */
export type RegistrationRecord = Omit<Registration, 'approvals' | 'history'> & { version: number };
/** A registration with its current round's approvals, its history and incidents, and the stored version. */
export type StoredRegistration = Registration & { version: number };

/** A page of a list; `cursor` is opaque and absent on the last page. */
export interface Page<T> {
  items: T[];
  cursor: string | undefined;
}

export interface Transition {
  id: string;
  round: number;
  from: RegistrationStatus[];
  to: RegistrationStatus;
  entry: HistoryEntry;
  /** The approvals of this round to close with the move, each only while it is still pending. */
  pendingApprovals?: { groups: ApproverGroup[]; to: ApprovalState };
}

/** Registrations, their rounds and their history (one partition each). */
export interface RegistrationStore {
  /** Stores a new registration with its first round's approvals and history entry, all or nothing. */
  insert(record: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<void>;
  /** Removes every item of a registration (undoes a submission whose workflow could not start). */
  deleteAll(id: string): Promise<void>;
  get(id: string): Promise<StoredRegistration | null>;
  /** Moves the registration of this round from one of `from` to `to`; false when it was not in one of them. */
  transition(t: Transition): Promise<boolean>;
  /** Starts a new round after changes were requested, guarded by the version read; false when it changed meanwhile. */
  startNewRound(previous: RegistrationRecord, next: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<boolean>;
  /**
   * Puts a registration back as it was before a new round whose workflow could not start: the
   * record, the new round's approvals and the history entry `startNewRound` wrote with it.
   */
  revertNewRound(previous: RegistrationRecord, next: RegistrationRecord, approvals: Approval[], entry: HistoryEntry): Promise<void>;
  appendHistory(id: string, entry: HistoryEntry): Promise<void>;
}

/** A registration as a list shows it: the record with its current round's approvals. */
/**
 * A registration as a list shows it: with its current round's approvals and, for a software
 * request whose rehearsal was recorded, the copy of its result and date (absent: none recorded).
 */
export type ListedRegistration = RegistrationRecord & { approvals: Approval[]; rehearsal?: RehearsalCopy };

/** What the registration item keeps of its rehearsal, for the lists. */
export type RehearsalCopy = Pick<RehearsalRecord, 'result' | 'dueBy' | 'recordedAt'>;

/**
 * A registration waiting in a queue, as far as the queue is sorted (decision deadline, exam
 * start, id), filtered (kind, exam type, exam date, round) and searched (course code and name)
 * by: the registration's own fields of these names, so a registration is one too.
 */
export interface QueueEntry {
  id: string;
  kind: RegistrationRecord['kind'];
  round: number;
  derived: { studentInfoDueBy: string };
  form: { exam: { start: string; type: RegistrationRecord['form']['exam']['type'] }; course: { code: string; name: string } };
}

/**
 * The lists of registrations: by owner, by a group's queue, by course. A page of a list costs a
 * fixed number of reads however many items it holds: each item's approvals come with it.
 */
export interface RegistrationQueries {
  /** A staff member's registrations, newest first. Filters narrow the page, never widen the read. */
  listOwned(sub: string, opts: { limit: number; cursor?: string; status?: string; kind?: string }): Promise<Page<ListedRegistration>>;
  /**
   * Everything that waits for a group, up to `max` registrations (the oldest requests first), as
   * the facts the queue is sorted, filtered and counted by, so that the caller sorts, filters and
   * pages the whole queue and reads only a page's registrations (`getListed`); `complete` is
   * false when more wait.
   */
  listQueue(group: ApproverGroup, opts: { max: number }): Promise<{ entries: QueueEntry[]; complete: boolean }>;
  /** The registrations of a page (at most 100), in the order of `ids`; one that no longer exists is left out. */
  getListed(ids: readonly string[]): Promise<ListedRegistration[]>;
  /** The decisions a group made, newest first, each with its registration as it is now. */
  listDecided(group: ApproverGroup, opts: { limit: number; cursor?: string }): Promise<Page<DecidedRegistration>>;
  /**
   * Registrations of a course whose exam starts from `from` to `to` (instants, both included):
   * an identical pending request, the approved software requests for a letter. The cost is that
   * of the exams of those hours, not of the course's history.
   */
  listByCourse(code: string, examStarts: { from: string; to: string }): Promise<RegistrationRecord[]>;
  /** IT/ED incidents whose extra time is not decided yet, oldest first, each with its registration (R8: IT and ED handle them). */
  incidentsAwaitingExtraTime(limit: number): Promise<{ registration: RegistrationRecord; incident: Incident }[]>;
}

/** A decision of a group (its approval of that round, decided) with the registration it was on. */
export interface DecidedRegistration {
  registration: ListedRegistration;
  decision: Approval;
}

/** Why a decision could not be recorded. */
export type DecisionRefusal = 'already-decided' | 'round-closed' | 'link-used' | 'conflict';

export interface DecisionRecord {
  id: string;
  round: number;
  group: ApproverGroup;
  state: 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED';
  actor: Actor;
  comment: string | null;
  entry: HistoryEntry;
  /** Other groups still pending: a rejection or change request closes them in the same write. */
  otherPending: ApproverGroup[];
  /** The hash of the e-mail link the decision came through, used up with it. */
  linkHash?: string;
}

/** Approvals of a round, the workflow's task tokens, and the flags of their e-mails. */
export interface ApprovalStore {
  /** Records one group's decision atomically with the round's state; of racing decisions exactly one wins. */
  recordDecision(d: DecisionRecord): Promise<true | DecisionRefusal>;
  approvalsOf(id: string, round: number): Promise<Approval[]>;
  /**
   * Stores the task token of the step that now waits for this group, if the group has not decided.
   * Says whether the stage's e-mail already went out, or gives the approval as it is when no longer pending.
   */
  registerTaskToken(
    id: string,
    round: number,
    group: ApproverGroup,
    stage: Approval['stage'],
    taskToken: string,
  ): Promise<{ pending: true; alreadyMailed: boolean } | { pending: false; approval: Approval | null }>;
  /** The task token now waiting for this group, read after a decision to resume the workflow. */
  currentTaskToken(id: string, round: number, group: ApproverGroup): Promise<string | null>;
  /** Notes on the approval that this stage's e-mail went out. */
  markMailed(id: string, round: number, group: ApproverGroup, stage: Approval['stage'], at: string): Promise<void>;
}

/** Claims of one-time e-mails of a registration, taken before the send so a retried step does not send twice. */
export interface MailClaims {
  claim(id: string, what: string, at: string): Promise<boolean>;
  /** Gives a claim back when the send itself failed, so that the retried step sends. */
  release(id: string, what: string): Promise<void>;
}

export interface ApprovalLinkRecord {
  registrationId: string;
  round: number;
  group: ApproverGroup;
  /** Epoch seconds; also the item's TTL. */
  expiresAt: number;
  usedAt?: string;
  /** The addresses the link was mailed to (absent on links stored before they were kept). */
  sentTo?: string[];
}

/** E-mail action links, stored under the hash of their id. */
export interface ApprovalLinkStore {
  put(idHash: string, link: ApprovalLinkRecord): Promise<void>;
  get(idHash: string): Promise<ApprovalLinkRecord | null>;
}

/** Errors in the question set reported on a registration (R8). */
export interface IncidentStore {
  put(id: string, incident: Incident, entry: HistoryEntry): Promise<void>;
  /** Records the extra time decided after an incident, once; false when it was already recorded. */
  setExtraTime(id: string, incident: Incident, extraTime: NonNullable<Incident['extraTime']>, entry: HistoryEntry): Promise<boolean>;
}

export interface CandidateListInfo {
  version: string;
  count: number;
  updatedAt: string;
}

/** The candidate list of an exam: personal data, deleted a while after the exam. */
export interface CandidateStore {
  current(id: string): Promise<CandidateListInfo | null>;
  list(id: string): Promise<Candidate[]>;
  /**
   * Replaces the list atomically: readers see the old list or the new one, never a mix; of
   * racing replacements one wins whole and the others change nothing.
   */
  replace(id: string, candidates: Candidate[], at: string, expiresAt: number): Promise<'ok' | 'letter-started' | 'conflict'>;
}

/** Recipient states of a notice. `sending` is a claim held while the send is under way. */
export type RecipientStatus = 'pending' | 'sending' | 'sent' | 'bounced' | 'complained' | 'failed';

export interface Recipient {
  hash: string;
  email: string;
  name: string | null;
  status: RecipientStatus;
  claimedAt?: string;
  messageId?: string;
}

export interface NoticeRecord {
  noticeId: string;
  /** `rehearsal`: the reminder of a software exam's rehearsal, to the teacher and IT (not to students). */
  kind: 'letter' | 'software' | 'incident' | 'rehearsal';
  status: 'SCHEDULED' | 'SENDING' | 'SENT';
  scheduledFor: string | null;
  subject?: string;
  text?: string;
  html?: string;
  /** Set once every recipient of the snapshot is written (a crash mid-snapshot is resumed). */
  recipientsComplete?: boolean;
  expiresAt: number;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** Student notices (the letter, software notices, incident notices) and each recipient's delivery state. */
export interface NoticeStore {
  get(id: string, noticeId: string): Promise<NoticeRecord | null>;
  /** Schedules a notice; keeps an existing one. */
  schedule(id: string, notice: Pick<NoticeRecord, 'noticeId' | 'kind' | 'scheduledFor' | 'expiresAt'>): Promise<void>;
  /** Fixes a notice's content and adds the recipients still missing, idempotently; returns how many were added. */
  snapshot(id: string, notice: Omit<NoticeRecord, 'status' | 'recipientsComplete'>, candidates: Candidate[]): Promise<number>;
  recipients(id: string, noticeId: string): Promise<Recipient[]>;
  counts(id: string, noticeId: string): Promise<Record<RecipientStatus, number>>;
  /** The notice with its recipients' counts, as a registration view shows it (no notice: null and zero counts). */
  summary(id: string, noticeId: string): Promise<{ notice: NoticeRecord | null; counts: Record<RecipientStatus, number> }>;
  /** Claims a recipient for sending: a pending one, or one whose claim went stale. */
  claim(id: string, noticeId: string, hash: string, at: string, staleBefore: string): Promise<boolean>;
  settle(
    id: string,
    noticeId: string,
    hash: string,
    outcome: { status: 'sent' | 'failed' | 'pending'; messageId?: string; error?: string; at: string },
  ): Promise<void>;
  /** A bounce or complaint of a sent notice; false when the recipient is unknown or was not sent. */
  recordDelivery(id: string, noticeId: string, hash: string, status: 'bounced' | 'complained' | 'failed', at: string): Promise<boolean>;
  markSent(id: string, noticeId: string, at: string): Promise<void>;
}

/** Counters of actions in fixed time windows, shared by every instance (rate limits). */
export interface RateLimitStore {
  /**
   * Counts one action against `limit` in the window of `windowSeconds` that `at` falls in; when
   * the window is full nothing is counted and the answer says how many seconds remain of it.
   */
  take(counter: string, limit: number, windowSeconds: number, at: Date): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/** Starts and stops workflow executions. */
export interface WorkflowControl {
  startRound(input: ExecutionInput): Promise<string>;
  /** Sends a notice to the students now (an incident during the exam). */
  startNotices(registrationId: string, noticeId: string): Promise<void>;
  /** Stops a round's execution (cancellation); a round that already ended is fine. */
  stopRound(registrationId: string, round: number, cause: string): Promise<void>;
}

/** Resumes a waiting workflow step; false when the step is gone (timed out, superseded). */
export interface TaskCallbacks {
  succeed(taskToken: string, output: unknown): Promise<boolean>;
  fail(taskToken: string, error: string, cause: string): Promise<boolean>;
}

export interface OutgoingMail extends MailContent {
  to: string[];
  /** Message tags, e.g. the registration id, so delivery events can be traced back. */
  tags?: Record<string, string>;
}

/** Sends one e-mail; returns the provider's message id. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<string | undefined>;
}

export type Clock = () => Date;
export type IdGenerator = () => string;

/** An exam's calendar entry for a UTC date it touches: enough to place it and to know who may see it, without reading the registration. */
export interface DayBooking {
  id: string;
  /** UTC, ISO 8601. */
  start: string;
  /** UTC, ISO 8601, end exclusive, the extra upload time included. */
  end: string;
  approvers: ApproverGroup[];
  ownerSub: string;
}

/** The calendar: exams by the days they touch, and the people on duty per group and date. */
export interface CalendarStore {
  /** The exams that touch these UTC dates, each once. */
  bookingsOn(utcDates: readonly string[]): Promise<DayBooking[]>;
  /** The registrations behind bookings (their status, form and derived facts). */
  registrationsOf(ids: readonly string[]): Promise<RegistrationRecord[]>;
  /** The overrides of a group's people on duty for the local dates from `from` to `to`. */
  staffing(group: ApproverGroup, from: string, to: string): Promise<StaffingOverride[]>;
  /** Sets a date's people on duty, with an audit entry, in one write. */
  setStaffing(override: StaffingOverride): Promise<void>;
}

/** An iCalendar feed as stored: under the SHA-256 of its secret, which itself is never stored. */
export interface CalendarFeedRecord {
  id: string;
  /** SHA-256 (hex) of the secret the subscription URL carries. */
  secretHash: string;
  owner: Actor;
  label: string;
  createdAt: string;
  /** What the creator could see when the feed was created; the feed shows that and nothing more. */
  scope: FeedScope;
}

/** iCalendar feeds: found by the hash of their secret, listed and revoked by their creator. */
export interface CalendarFeedStore {
  create(feed: CalendarFeedRecord): Promise<void>;
  byHash(secretHash: string): Promise<CalendarFeedRecord | null>;
  /** The feeds a person created, oldest first. */
  listOwned(sub: string): Promise<CalendarFeedRecord[]>;
  /** Revokes a feed of this creator; false when the creator has no such feed. */
  revoke(sub: string, id: string): Promise<boolean>;
}

/**
 * The software catalogue. Every write adds a revision and moves the entry to it in one
 * conditional write, so of two edits based on the same revision exactly one is kept.
 */
export interface CatalogueStore {
  /** Stores revision 1 of a new entry; false when the id is taken. */
  create(first: CatalogueRevision): Promise<boolean>;
  /** Stores `next` (revision n + 1) when the entry is still at revision n; false when it moved on meanwhile. */
  advance(next: CatalogueRevision): Promise<boolean>;
  /** The newest revision of an entry. */
  get(id: string): Promise<CatalogueRevision | null>;
  /** The newest revision of every entry. */
  list(): Promise<CatalogueRevision[]>;
  /** One revision of an entry. */
  revision(id: string, revision: number): Promise<CatalogueRevision | null>;
  /** Every revision of an entry, oldest first. */
  revisions(id: string): Promise<CatalogueRevision[]>;
}

/** A software exam's rehearsal as recorded by IT (absent until the first record). */
export interface RehearsalRecord {
  result: 'tested' | 'failed';
  comment: string | null;
  /** Local date it is due by, when IT moved it from the default. */
  dueBy: string | null;
  recordedAt: string;
  recordedBy: Actor;
}

export interface RehearsalStore {
  get(registrationId: string): Promise<RehearsalRecord | null>;
  /** Records the rehearsal and its history entry in one write. */
  record(registrationId: string, rehearsal: RehearsalRecord, entry: HistoryEntry): Promise<void>;
}
