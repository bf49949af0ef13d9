import { afterEach, describe, expect, it } from 'vitest';
import { withLocalEnvironment } from '../../local/dynamodb-local';

/** The environment DynamoDB Local is spawned with: what the JVM child sees, and what this process keeps. */
const NAMES = ['JDK_JAVA_OPTIONS', 'DDB_LOCAL_TELEMETRY'] as const;
const before = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
afterEach(() => {
  for (const n of NAMES)
    if (before[n] === undefined) delete process.env[n];
    else process.env[n] = before[n];
});

const seenByChild = () => withLocalEnvironment(() => Object.fromEntries(NAMES.map((n) => [n, process.env[n]])));

describe('the environment DynamoDB Local starts with', () => {
  it('has its telemetry off and the quick compiler on, for the child only', () => {
    for (const n of NAMES) delete process.env[n];
    expect(seenByChild()).toEqual({ JDK_JAVA_OPTIONS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC', DDB_LOCAL_TELEMETRY: '0' });
    for (const n of NAMES) expect(process.env[n], n).toBeUndefined();
  });

  it("keeps the user's own settings, and leaves them as they were", () => {
    process.env.JDK_JAVA_OPTIONS = '-Xmx256m';
    process.env.DDB_LOCAL_TELEMETRY = '1';
    expect(seenByChild()).toEqual({ JDK_JAVA_OPTIONS: '-Xmx256m', DDB_LOCAL_TELEMETRY: '1' });
    expect(process.env.JDK_JAVA_OPTIONS).toBe('-Xmx256m');
    expect(process.env.DDB_LOCAL_TELEMETRY).toBe('1');
  });

  it('restores this process when the start throws', () => {
    for (const n of NAMES) delete process.env[n];
    expect(() =>
      withLocalEnvironment(() => {
        throw new Error('spawn failed');
      }),
    ).toThrow('spawn failed');
    for (const n of NAMES) expect(process.env[n], n).toBeUndefined();
  });
});
