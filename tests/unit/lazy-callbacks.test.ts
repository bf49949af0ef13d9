import { beforeEach, describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ count: 0, succeed: vi.fn(async () => true), fail: vi.fn(async () => false) }));
vi.mock('../../functions/lib/callbacks', () => {
  loaded.count++;
  return { callbacks: { succeed: loaded.succeed, fail: loaded.fail } };
});

const { lazyCallbacks } = await import('../../functions/lib/lazy-callbacks');

describe('task callbacks with the Step Functions client loaded on first use', () => {
  beforeEach(() => {
    loaded.succeed.mockClear();
    loaded.fail.mockClear();
  });

  it('does not load the client with the module', () => {
    expect(loaded.count).toBe(0);
  });

  it('loads it on the first call, once, and hands each call over unchanged with its answer', async () => {
    await expect(lazyCallbacks.succeed('token-1', { group: 'IT', decision: 'approve' })).resolves.toBe(true);
    await expect(lazyCallbacks.fail('token-2', 'Superseded', 'This approval is no longer pending')).resolves.toBe(false);
    await lazyCallbacks.succeed('token-3', {});
    expect(loaded.count).toBe(1);
    expect(loaded.succeed.mock.calls).toEqual([
      ['token-1', { group: 'IT', decision: 'approve' }],
      ['token-3', {}],
    ]);
    expect(loaded.fail.mock.calls).toEqual([['token-2', 'Superseded', 'This approval is no longer pending']]);
  });

  it('passes on an error of the call', async () => {
    loaded.succeed.mockRejectedValueOnce(new Error('throttled'));
    await expect(lazyCallbacks.succeed('token-4', {})).rejects.toThrow('throttled');
  });
});
