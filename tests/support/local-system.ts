import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type LocalSystemOptions, startLocalSystem } from '../../local/system';
import { ApiClient } from './api-client';

/**
 * The local system in this test process, on the run's shared DynamoDB Local with a table
 * of its own, with workflow waits that finish at once. Mail goes out unpaced (local mode
 * keeps the stack's rate, 10 a second): only tests/integration/send-rate.test.ts, which sets
 * its own rate, is about the pacing.
 */
export const startTestSystem = async (options: Partial<LocalSystemOptions> = {}) => {
  const system = await startLocalSystem({
    port: 0,
    dataDir: null,
    fastWaits: true,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: `t-${randomBytes(6).toString('hex')}`,
    logLevel: 'ERROR',
    ...options,
    env: { MAIL_SEND_RATE: '1000', ...options.env },
  });
  return { system, api: new ApiClient(system.url) };
};
