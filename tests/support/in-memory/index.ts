import { createApprovalLink } from '../../../shared/approvals/approval-links';
import {
  ApprovalTimingSchema,
  IncidentLimitSchema,
  NoticeConfigSchema,
  PlannerConfigSchema,
  RulesConfigSchema,
  plannerMailbox,
} from '../../../shared/contracts/env';
import type { LetterLanguage } from '../../../shared/contracts/languages';
import type { ApproverGroup, Registration } from '../../../shared/contracts/registration';
import type { MailContext } from '../../../shared/mail/render';
import { InMemoryApprovalLinkStore } from './approval-link-store';
import { InMemoryApprovalStore } from './approval-store';
import { InMemoryCalendarFeedStore } from './calendar-feed-store';
import { InMemoryCalendarStore } from './calendar-store';
import { InMemoryCandidateStore } from './candidate-store';
import { InMemoryCatalogueStore } from './catalogue-store';
import { FakeClock, sequentialIds } from './clock';
import { InMemoryIncidentStore } from './incident-store';
import { InMemoryMailClaims } from './mail-claims';
import { RecordingMailSender } from './mailer';
import { InMemoryNoticeStore } from './notice-store';
import { InMemoryRateLimitStore } from './rate-limit-store';
import { InMemoryRegistrationQueries } from './registration-queries';
import { InMemoryRegistrationStore } from './registration-store';
import { InMemoryRehearsalStore } from './rehearsal-store';
import { type Interleaving, type Operation, WorldState } from './state';
import { RecordingTaskCallbacks, RecordingWorkflowControl } from './workflow';

export { FakeClock, sequentialIds } from './clock';
export { RecordingMailSender, awsError } from './mailer';
export { RecordingTaskCallbacks, RecordingWorkflowControl } from './workflow';
export type { Operation } from './state';

/** A Monday in January, clear of the main exam periods: exams 60 days on fall in March. */
export const WORLD_START = '2027-01-04T12:00:00.000Z';

export const MAIL_CONTEXT: MailContext = {
  appBaseUrl: 'https://exams.example.edu',
  timeZone: 'Europe/Oslo',
  phones: { general: '73 59 66 00', duringExam: '73 59 66 01' },
};

/** R8: the planners' mailboxes: IDI has its own, every other department the default. */
export const PLANNERS = PlannerConfigSchema.parse({ PLANNERS: JSON.stringify({ IDI: 'planner-idi@example.edu' }), PLANNER_DEFAULT: 'planner@example.edu' });

/** The key that seals page tokens in the world (any 32 characters or more). */
export const PAGE_TOKEN_KEY = 'in-memory-world-page-token-key-0123456789';

export const APPROVER_ADDRESSES: Record<ApproverGroup, string[]> = { IT: ['it-approvers@example.edu'], ED: ['ed-approvers@example.edu'] };

/**
 * A whole fake world: every port over one shared state, a clock that moves only when told,
 * sequential ids, recording workflow, callbacks and mailer, and the configuration the use
 * cases take (defaults of the real schemas; the send rate is high so no test waits for it).
 * The world itself is a valid dependency object of every use case.
 */
export const inMemoryWorld = (
  opts: { now?: string | Date; notices?: Record<string, string>; rules?: Record<string, string>; limits?: Record<string, string> } = {},
) => {
  const state = new WorldState();
  const rules = RulesConfigSchema.parse(opts.rules ?? {});
  const clock = new FakeClock(opts.now ?? WORLD_START);
  const links = new InMemoryApprovalLinkStore(state);
  const mail = MAIL_CONTEXT;
  return {
    state,
    clock,
    now: clock.now,
    newId: sequentialIds('id'),
    registrations: new InMemoryRegistrationStore(state),
    queries: new InMemoryRegistrationQueries(state),
    approvals: new InMemoryApprovalStore(state),
    mailClaims: new InMemoryMailClaims(state),
    links,
    incidents: new InMemoryIncidentStore(state),
    candidates: new InMemoryCandidateStore(state),
    notices: new InMemoryNoticeStore(state),
    rateLimits: new InMemoryRateLimitStore(state),
    calendar: new InMemoryCalendarStore(state),
    feeds: new InMemoryCalendarFeedStore(state),
    catalogue: new InMemoryCatalogueStore(state),
    rehearsals: new InMemoryRehearsalStore(state),
    workflow: new RecordingWorkflowControl(),
    callbacks: new RecordingTaskCallbacks(),
    mailer: new RecordingMailSender(),
    /** Runs `fn` inside the next `op`, after its reads and before its conditional write: a racing writer, or a failure. */
    before: (op: Operation, fn: Interleaving) => state.hooks.before(op, fn),

    rules,
    /** The candidates' mail domains, as deployed: the rules' STUDENT_MAIL_DOMAINS (default stud.example.edu). */
    studentDomains: rules.STUDENT_MAIL_DOMAINS,
    limits: IncidentLimitSchema.parse(opts.limits ?? {}),
    plannerOf: (department: string) => plannerMailbox(PLANNERS, department),
    pageTokenKey: PAGE_TOKEN_KEY,
    timeZone: rules.EXAM_TIME_ZONE,
    timing: ApprovalTimingSchema.parse({}),
    config: NoticeConfigSchema.parse({ MAIL_SEND_RATE: '1000', ...opts.notices }),
    retentionDays: 30,
    mail,
    approverAddresses: APPROVER_ADDRESSES,
    languages: ['nb', 'en'] as LetterLanguage[],
    /** As deployed: a fresh single-use link per approver e-mail. */
    actionUrl: async (r: Registration, group: ApproverGroup, sentTo: readonly string[]) =>
      `${mail.appBaseUrl}/#/confirm/${await createApprovalLink(links, r, group, sentTo)}`,
  };
};

export type World = ReturnType<typeof inMemoryWorld>;
