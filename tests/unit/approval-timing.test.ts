import { describe, expect, it } from 'vitest';
import { stageLimits, stageTimeouts } from '../../shared/rules/approval-timing';

const NOW = new Date('2027-01-01T00:00:00Z');
const DAY = 24 * 3600;
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
const timing = { REMINDER_AFTER_SECONDS: 2 * DAY, ESCALATION_AFTER_SECONDS: 4 * DAY };

describe('how long each approval stage waits', () => {
  it.each([
    ['a deadline weeks away', 30 * DAY, { initial: 2 * DAY, reminder: 2 * DAY, escalation: 26 * DAY }],
    ['a deadline between reminder and escalation', 3 * DAY, { initial: 2 * DAY, reminder: DAY - 1, escalation: 1 }],
    ['a deadline before the reminder', DAY, { initial: DAY - 2, reminder: 1, escalation: 1 }],
    ['a deadline already past', -10, { initial: 1, reminder: 1, escalation: 1 }],
  ])('%s', (_label, deadlineIn, expected) => {
    expect(stageTimeouts(NOW, at(deadlineIn), timing)).toEqual(expected);
  });

  it('never lets the three stages together run past the deadline (beyond the 1-second minimum)', () => {
    for (const d of [5, 100, DAY, 3 * DAY, 10 * DAY, 90 * DAY]) {
      const t = stageTimeouts(NOW, at(d), timing);
      expect(t.initial + t.reminder + t.escalation).toBeLessThanOrEqual(Math.max(d, 3));
    }
  });

  it('puts each hard timeout just after its heartbeat interval, at most a minute later', () => {
    expect(stageLimits({ initial: 2 * DAY, reminder: 30, escalation: 1 })).toEqual({ initial: 2 * DAY + 60, reminder: 60, escalation: 2 });
  });
});
