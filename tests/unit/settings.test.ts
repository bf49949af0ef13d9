import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, DEFAULT_EXAM_PERIODS } from '../../shared/contracts/env';
import { logger } from '../../functions/lib/observability';
import { environmentSettings, onSettings, parameterStoreSettings, refreshSettings } from '../../functions/lib/settings';

/**
 * A fake SSM: a real client (the Powertools provider checks for one) whose `send` answers
 * GetParameters from a map that the test changes, counting the calls.
 */
const fakeSsm = (store: Map<string, string>) => {
  const client = new SSMClient({ region: 'eu-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const calls: string[][] = [];
  client.send = vi.fn(async (command: unknown) => {
    if (!(command instanceof GetParametersCommand)) throw new Error(`unexpected ${String(command)}`);
    const names = command.input.Names ?? [];
    calls.push(names);
    return {
      Parameters: names.filter((n) => store.has(n)).map((n) => ({ Name: n, Value: store.get(n), Type: 'String' })),
      InvalidParameters: names.filter((n) => !store.has(n)),
    };
  }) as never;
  return { provider: new SSMProvider({ awsSdkV3Client: client }), calls };
};

const PATH = '/exam-forms/test/';
const periods = [{ name: 'Winter', from: '01-10', to: '01-20' }];
const initial = () =>
  new Map([
    [`${PATH}approvers/IT`, 'it-a@example.edu, it-b@example.edu'],
    [`${PATH}approvers/ED`, 'ed@example.edu'],
    [`${PATH}exam-periods`, JSON.stringify(periods)],
  ]);

describe('settings that change without a deploy', () => {
  afterEach(() => vi.useRealTimers());

  it('reads the approver mailboxes and exam periods under the path in one call, parsed like the environment', async () => {
    const { provider, calls } = fakeSsm(initial());
    const settings = await parameterStoreSettings(provider, PATH, 300).read(['APPROVERS_IT', 'APPROVERS_ED', 'EXAM_PERIODS']);
    expect(settings).toEqual({ APPROVERS_IT: ['it-a@example.edu', 'it-b@example.edu'], APPROVERS_ED: ['ed@example.edu'], EXAM_PERIODS: periods });
    expect(calls).toEqual([[`${PATH}approvers/IT`, `${PATH}approvers/ED`, `${PATH}exam-periods`]]);
  });

  it('reads only the settings asked for', async () => {
    const { provider, calls } = fakeSsm(initial());
    expect(await parameterStoreSettings(provider, PATH, 300).read(['EXAM_PERIODS'])).toEqual({ EXAM_PERIODS: periods });
    expect(calls).toEqual([[`${PATH}exam-periods`]]);
  });

  it('keeps what it read for the cache age, then reads the changed value', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T10:00:00Z'), toFake: ['Date'] });
    const store = initial();
    const { provider, calls } = fakeSsm(store);
    const source = parameterStoreSettings(provider, PATH, 300);
    await source.read(['APPROVERS_ED']);
    store.set(`${PATH}approvers/ED`, 'new-ed@example.edu');
    vi.setSystemTime(new Date('2026-11-30T10:04:59Z'));
    expect(await source.read(['APPROVERS_ED'])).toEqual({ APPROVERS_ED: ['ed@example.edu'] });
    expect(calls).toHaveLength(1);
    vi.setSystemTime(new Date('2026-11-30T10:05:01Z'));
    expect(await source.read(['APPROVERS_ED'])).toEqual({ APPROVERS_ED: ['new-ed@example.edu'] });
    expect(calls).toHaveLength(2);
  });

  it('names the parameter that holds a bad value', async () => {
    const store = initial();
    store.set(`${PATH}approvers/IT`, 'not-an-address');
    store.set(`${PATH}exam-periods`, '[{ "name": "x" ');
    const { provider } = fakeSsm(store);
    const source = parameterStoreSettings(provider, PATH, 300);
    await expect(source.read(['APPROVERS_IT'])).rejects.toThrow(ConfigurationError);
    await expect(source.read(['APPROVERS_IT'])).rejects.toThrow(`${PATH}approvers/IT`);
    await expect(source.read(['EXAM_PERIODS'])).rejects.toThrow(/exam-periods: must be JSON/);
  });

  it('a missing parameter is an error, not an empty setting', async () => {
    const store = initial();
    store.delete(`${PATH}approvers/IT`);
    const { provider } = fakeSsm(store);
    await expect(parameterStoreSettings(provider, PATH, 300).read(['APPROVERS_IT'])).rejects.toThrow();
  });

  it('without a path the environment’s values are the settings, with the same defaults', async () => {
    expect(
      await environmentSettings({ APPROVERS_IT: 'a@example.edu', APPROVERS_ED: 'b@example.edu' }).read(['APPROVERS_IT', 'APPROVERS_ED', 'EXAM_PERIODS']),
    ).toEqual({
      APPROVERS_IT: ['a@example.edu'],
      APPROVERS_ED: ['b@example.edu'],
      EXAM_PERIODS: DEFAULT_EXAM_PERIODS,
    });
  });

  it('refreshing tells each module the current values; a bad value leaves the last good ones', async () => {
    const store = initial();
    const { provider } = fakeSsm(store);
    const source = parameterStoreSettings(provider, PATH, 0.001);
    const seen: unknown[] = [];
    onSettings(['APPROVERS_ED'], (s) => seen.push(s.APPROVERS_ED));
    await refreshSettings(source);
    expect(seen.at(-1)).toEqual(['ed@example.edu']);

    store.set(`${PATH}approvers/ED`, 'nobody');
    await new Promise((r) => setTimeout(r, 5));
    const count = seen.length;
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    await refreshSettings(source);
    expect(seen).toHaveLength(count);
    expect(logged).toHaveBeenCalledWith('settings not refreshed; the last values stay', expect.objectContaining({ error: expect.any(Error) }));
    logged.mockRestore();

    store.set(`${PATH}approvers/ED`, 'ed2@example.edu');
    await new Promise((r) => setTimeout(r, 5));
    await refreshSettings(source);
    expect(seen.at(-1)).toEqual(['ed2@example.edu']);
  });

  it('with no source configured (local mode) refreshing changes nothing', async () => {
    const apply = vi.fn();
    onSettings(['EXAM_PERIODS'], apply);
    await refreshSettings(null);
    expect(apply).not.toHaveBeenCalled();
  });
});
