import type * as z from 'zod/mini';
import type { ApprovalTimingSchema } from '../contracts/env';

export type ApprovalTiming = z.infer<typeof ApprovalTimingSchema>;

const clampSeconds = (n: number) => Math.max(1, Math.floor(n));

/**
 * How long each stage of a group's approval waits: until the reminder, until the escalation,
 * and until the decision deadline (the date the students must be informed by, R7).
 */
export const stageTimeouts = (now: Date, deadline: string, timing: ApprovalTiming) => {
  // Each stage lasts at least a second; within that, the three together end at the deadline.
  const total = Math.max(3, Math.floor((Date.parse(deadline) - now.getTime()) / 1000));
  const initial = clampSeconds(Math.min(timing.REMINDER_AFTER_SECONDS, total - 2));
  const reminder = clampSeconds(Math.min(timing.ESCALATION_AFTER_SECONDS - timing.REMINDER_AFTER_SECONDS, total - initial - 1));
  const escalation = clampSeconds(total - initial - reminder);
  return { initial, reminder, escalation };
};

/**
 * A callback step ends its stage by its heartbeat interval (no one heartbeats a human
 * decision, so the interval is the stage's length); its timeout is a backstop just after it,
 * at most a minute later, for a heartbeat timeout that is not delivered.
 */
export const stageLimits = (t: ReturnType<typeof stageTimeouts>) => ({
  initial: t.initial + Math.min(60, t.initial),
  reminder: t.reminder + Math.min(60, t.reminder),
  escalation: t.escalation + Math.min(60, t.escalation),
});
