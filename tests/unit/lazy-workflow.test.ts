import { beforeEach, describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({
  count: 0,
  startRound: vi.fn(async () => 'arn:execution'),
  startNotices: vi.fn(async () => undefined),
  stopRound: vi.fn(async () => undefined),
}));
vi.mock('../../functions/lib/sfn', () => {
  loaded.count++;
  return { workflow: { startRound: loaded.startRound, startNotices: loaded.startNotices, stopRound: loaded.stopRound } };
});

vi.stubEnv('STATE_MACHINE_ARN', 'arn:aws:states:eu-north-1:000000000000:stateMachine:approval');
const { lazyWorkflow } = await import('../../functions/lib/lazy-workflow');

describe('workflow control with the Step Functions client loaded on first use', () => {
  beforeEach(() => {
    for (const fn of [loaded.startRound, loaded.startNotices, loaded.stopRound]) fn.mockClear();
  });

  it('does not load the client with the module', () => {
    expect(loaded.count).toBe(0);
  });

  it('loads it on the first call, once, and hands each call over unchanged with its answer', async () => {
    await expect(lazyWorkflow.startNotices('reg-1', 'incident-1')).resolves.toBeUndefined();
    await expect(lazyWorkflow.startRound({ registrationId: 'reg-2' } as never)).resolves.toBe('arn:execution');
    await lazyWorkflow.stopRound('reg-3', 2, 'cancelled');
    expect(loaded.count).toBe(1);
    expect(loaded.startNotices.mock.calls).toEqual([['reg-1', 'incident-1']]);
    expect(loaded.startRound.mock.calls).toEqual([[{ registrationId: 'reg-2' }]]);
    expect(loaded.stopRound.mock.calls).toEqual([['reg-3', 2, 'cancelled']]);
  });

  it('passes on an error of the call', async () => {
    loaded.startNotices.mockRejectedValueOnce(new Error('ExecutionLimitExceeded'));
    await expect(lazyWorkflow.startNotices('reg-4', 'incident-2')).rejects.toThrow('ExecutionLimitExceeded');
  });
});

describe('its settings', () => {
  it('are read when the module loads: a missing state machine fails the cold start', async () => {
    vi.resetModules();
    vi.stubEnv('STATE_MACHINE_ARN', '');
    await expect(import('../../functions/lib/lazy-workflow')).rejects.toThrow(/STATE_MACHINE_ARN/);
    vi.unstubAllEnvs();
  });
});
