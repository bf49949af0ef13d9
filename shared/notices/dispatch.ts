import type { NoticeConfig } from '../contracts/env';
import { MAX_SOFTWARE_ITEMS, type Registration, SYSTEM_ACTOR, type SoftwareItem } from '../contracts/registration';
import type { Candidate } from '../contracts/student-notices';
import type { NoticeStepInput } from '../contracts/workflow';
import { isTransientAwsError } from '../errors';
import type { MailContext } from '../mail/render';
import { renderExamInformationLetter, renderSoftwareNotice } from '../mail/student-letter';
import type { CandidateStore, CatalogueStore, Clock, MailSender, NoticeStore, RegistrationQueries, RegistrationStore } from '../ports';
import { withInstructions } from '../read-models/catalogue-choices';
import { localDate } from '../rules/exam-rules';
import { personalDataExpiry } from '../rules/retention';
import { RateLimiter } from './rate-limiter';
import type { RehearsalReminderDeps } from './rehearsal-reminder';

/** Another exam of the same local day starts less than this before or after one: a day lasts 23 to 25 hours. */
const SAME_DAY_REACH_MS = 25 * 3600 * 1000;

export interface NoticeDeps {
  registrations: RegistrationStore;
  queries: RegistrationQueries;
  candidates: CandidateStore;
  notices: NoticeStore;
  mailer: MailSender;
  mail: MailContext;
  config: NoticeConfig;
  now: Clock;
}

/**
 * Software the students must install: the registration's own list (a software request), or
 * the approved software requests of the same owner and course for an exam on the same day,
 * each program once and at most as many as one request may hold, so the letter stays within
 * the bounds one form has however many requests it gathers.
 */
export const approvedSoftwareFor = async (queries: RegistrationQueries, r: Registration, timeZone: string): Promise<SoftwareItem[]> => {
  if (r.form.kind === 'software') return r.form.software;
  const day = localDate(r.form.exam.start, timeZone);
  const start = Date.parse(r.form.exam.start);
  const same = await queries.listByCourse(r.form.course.code, {
    from: new Date(start - SAME_DAY_REACH_MS).toISOString(),
    to: new Date(start + SAME_DAY_REACH_MS).toISOString(),
  });
  const programs = new Map<string, SoftwareItem>();
  for (const x of same) {
    // Course codes belong to nobody: only the letter's owner's own requests may add software to it.
    if (x.form.kind !== 'software' || x.status !== 'APPROVED' || x.owner.sub !== r.owner.sub || localDate(x.form.exam.start, timeZone) !== day) continue;
    for (const s of x.form.software) {
      const key = `${s.name.toLowerCase()}|${s.version ?? ''}|${s.url ?? ''}`;
      if (!programs.has(key) && programs.size < MAX_SOFTWARE_ITEMS) programs.set(key, s);
    }
  }
  return [...programs.values()];
};

/** What prepareNotice needs besides the notice ports: the catalogue, and for a rehearsal reminder the rehearsal and IT's mailboxes. */
export interface PrepareNoticeDeps extends Omit<NoticeDeps, 'mailer'>, Pick<RehearsalReminderDeps, 'rehearsals' | 'approverAddresses'> {
  // The catalogue: for the install-and-test instructions of the entries the software names.
  catalogue: CatalogueStore;
}

/**
 * Workflow step: fix a notice's content and recipients. The letter and the software notice
 * are rendered from the registration now (so late changes to an approved software request
 * are included); an incident notice keeps the teacher's text stored when it was reported; a
 * rehearsal reminder reads the rehearsal now and goes to the teacher and IT, not the students.
 */
export const prepareNotice = async (deps: PrepareNoticeDeps, input: NoticeStepInput): Promise<{ recipients: number; skipped?: string }> => {
  const { registrationId: id, noticeId } = input;
  const r = await deps.registrations.get(id);
  const notice = await deps.notices.get(id, noticeId);
  if (!r || !notice) return { recipients: 0, skipped: 'unknown' };
  if (notice.kind !== 'incident' && r.status !== 'APPROVED') return { recipients: 0, skipped: r.status };
  const languages = deps.config.STUDENT_LETTER_LANGUAGES;
  let content: { subject: string; text: string; html: string };
  let recipients: Candidate[] | undefined;
  if (notice.kind === 'letter') {
    content = renderExamInformationLetter(
      r,
      await withInstructions(deps.catalogue, await approvedSoftwareFor(deps.queries, r, deps.mail.timeZone)),
      deps.mail,
      languages,
    );
  } else if (notice.kind === 'software') {
    content = renderSoftwareNotice(r, await withInstructions(deps.catalogue, r.form.kind === 'software' ? r.form.software : []), deps.mail, languages);
  } else if (notice.kind === 'rehearsal') {
    // Loaded when a reminder is due (a few times a term), not on every letter's cold start.
    const { rehearsalReminder } = await import('./rehearsal-reminder');
    const reminder = await rehearsalReminder(deps, r);
    if ('skipped' in reminder) return { recipients: 0, skipped: reminder.skipped };
    ({ content, recipients } = reminder);
  } else {
    content = { subject: notice.subject ?? '', text: notice.text ?? '', html: notice.html ?? '' };
  }
  const candidates = recipients ?? (await deps.candidates.list(id));
  const added = await deps.notices.snapshot(
    id,
    { noticeId, kind: notice.kind, scheduledFor: notice.scheduledFor, expiresAt: personalDataExpiry(r.form.exam, deps.config.CANDIDATE_RETENTION_DAYS), ...content },
    candidates,
  );
  if (candidates.length === 0 && notice.kind === 'letter') {
    await deps.registrations.appendHistory(id, {
      at: deps.now().toISOString(),
      by: SYSTEM_ACTOR,
      action: 'LETTER_WITHOUT_CANDIDATES',
      comment: 'The exam information letter was due but no candidate list was supplied; add the candidates so they can be informed.',
      details: { noticeId },
    });
  }
  return { recipients: added };
};

/**
 * SES refusing every message of the account, not this one: the 24-hour quota is used
 * (LimitExceededException, or a throttle that says so), sending is paused or the account
 * suspended, or the sending domain lost its verification. No recipient is at fault, and the
 * stop lasts hours, past any retry: the notice waits (SENDING_STOPPED_WAIT_SECONDS) and
 * tries again, as often as it takes, with every recipient not yet sent still pending.
 */
export const SENDING_STOPPED_ERRORS = [
  'SendingPausedException',
  'AccountSuspendedException',
  'MailFromDomainNotVerifiedException',
  'LimitExceededException',
] as const;
const isSendingStopped = (error: unknown) =>
  error instanceof Error && ((SENDING_STOPPED_ERRORS as readonly string[]).includes(error.name) || /daily (message|sending) quota/i.test(error.message));

/** Neither the address's fault nor the account's: the recipient stays pending and the workflow retries soon. */
const isTransient = (error: unknown) => isTransientAwsError(error);

/**
 * Workflow step: send a notice to its recipients, exactly once each. Each recipient is
 * claimed (pending → sending) by a conditional write before its send and settled after it,
 * so a retry after a crash or a throttle sends only to those not yet sent. Sends run with
 * bounded concurrency within the configured rate. A throttle stops this invocation and is
 * rethrown so the workflow retries with backoff; a rejected address is recorded as failed.
 *
 * One window remains: a sender that dies after SES accepted a message but before the state
 * was written leaves a stale claim, which is sent again (SES has no idempotency key). The
 * window is the few milliseconds of one write.
 */
export const dispatchNotice = async (
  deps: NoticeDeps,
  input: NoticeStepInput,
): Promise<{ remaining: number; waitSeconds: number; sent: number; stoppedBy?: string }> => {
  const { registrationId: id, noticeId } = input;
  const notice = await deps.notices.get(id, noticeId);
  if (!notice || notice.status === 'SENT' || !notice.subject) return { remaining: 0, waitSeconds: 0, sent: 0 };
  const r = await deps.registrations.get(id);
  if (!r || (notice.kind !== 'incident' && r.status !== 'APPROVED')) return { remaining: 0, waitSeconds: 0, sent: 0 };

  const started = Date.now();
  const staleMs = deps.config.STALE_CLAIM_SECONDS * 1000;
  const recipients = await deps.notices.recipients(id, noticeId);
  const staleBefore = new Date(deps.now().getTime() - staleMs).toISOString();
  const todo = recipients.filter((x) => x.status === 'pending' || (x.status === 'sending' && (x.claimedAt ?? '') < staleBefore));
  const limiter = new RateLimiter(deps.config.MAIL_SEND_RATE);
  let sent = 0;
  let throttle: Error | undefined;
  let stopped: Error | undefined;
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !throttle && !stopped && Date.now() - started < deps.config.DISPATCH_BUDGET_SECONDS * 1000) {
      const recipient = todo[next++];
      if (!recipient) break;
      const at = deps.now().toISOString();
      if (!(await deps.notices.claim(id, noticeId, recipient.hash, at, staleBefore))) continue;
      await limiter.take();
      try {
        const messageId = await deps.mailer.send({
          to: [recipient.email],
          subject: notice.subject as string,
          text: notice.text as string,
          html: notice.html as string,
          tags: { registration: id, notice: noticeId, recipient: recipient.hash },
        });
        await deps.notices.settle(id, noticeId, recipient.hash, { status: 'sent', messageId, at: deps.now().toISOString() });
        sent += 1;
      } catch (error) {
        if (isSendingStopped(error)) {
          stopped ??= error as Error;
          await deps.notices.settle(id, noticeId, recipient.hash, { status: 'pending', at: deps.now().toISOString() });
        } else if (isTransient(error)) {
          throttle ??= error as Error;
          await deps.notices.settle(id, noticeId, recipient.hash, { status: 'pending', at: deps.now().toISOString() });
        } else {
          await deps.notices.settle(id, noticeId, recipient.hash, { status: 'failed', error: (error as Error).name, at: deps.now().toISOString() });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: deps.config.MAIL_SEND_CONCURRENCY }, worker));
  if (stopped) return waitForSending(deps, input, stopped, sent);
  // The first transient error of the run, as the SDK threw it: the workflow retries on its name.
  if (throttle) throw throttle;

  const after = await deps.notices.counts(id, noticeId);
  const remaining = after.pending + after.sending;
  if (remaining === 0) {
    await deps.notices.markSent(id, noticeId, deps.now().toISOString());
    await deps.registrations.appendHistory(id, {
      at: deps.now().toISOString(),
      by: SYSTEM_ACTOR,
      action: 'NOTICE_SENT',
      comment: null,
      details: { noticeId, sent: after.sent, failed: after.failed },
    });
  }
  // Claims of a sender that died are taken over once stale: wait that long, not in a hot loop.
  const waitSeconds = todo.length === 0 && after.sending > 0 ? deps.config.STALE_CLAIM_SECONDS : 0;
  return { remaining, waitSeconds, sent };
};

/**
 * SES stopped taking the account's mail: the notice waits and tries again. The owner reads it
 * in the history once per stop (not once per hour of it); the error's name goes to the log.
 */
const waitForSending = async (deps: NoticeDeps, input: NoticeStepInput, error: Error, sent: number) => {
  const { registrationId: id, noticeId } = input;
  const after = await deps.notices.counts(id, noticeId);
  const remaining = after.pending + after.sending;
  const last = (await deps.registrations.get(id))?.history.at(-1);
  if (!(last?.action === 'NOTICE_WAITING' && last.details?.noticeId === noticeId)) {
    await deps.registrations.appendHistory(id, {
      at: deps.now().toISOString(),
      by: SYSTEM_ACTOR,
      action: 'NOTICE_WAITING',
      comment: null,
      details: { noticeId, pending: remaining, reason: error.name },
    });
  }
  return { remaining, waitSeconds: deps.config.SENDING_STOPPED_WAIT_SECONDS, sent, stoppedBy: error.name };
};
