import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { STAFF, midtermBody } from '../support/fixtures';
import { type LocalProcess, startLocalProcess } from '../support/local-process';

const javaProcesses = (dataDir: string) => {
  try {
    return execFileSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
};

describe('local mode (npm start), as a user runs it', () => {
  let dataDir: string;
  let local: LocalProcess;
  let api: ApiClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'exam-forms-e2e-'));
    local = await startLocalProcess({ DATA_DIR: dataDir, FAST_WAITS: '1' });
    api = new ApiClient(local.url);
  }, 90_000);

  afterAll(async () => {
    await local?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where everything is', () => {
    expect(local.output()).toMatch(/OpenAPI document\s+http:\/\/127\.0\.0\.1:\d+\/openapi\.json/);
    expect(local.output()).toMatch(/Sent e-mail\s+http:\/\/127\.0\.0\.1:\d+\/dev\/mail/);
  });

  it('a member of staff submits SPEC’s mid-term example and the approvers get their e-mail', async () => {
    const res = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody() });
    expect(res.status).toBe(201);
    const mails = await ApiClient.eventually(
      async () => {
        const m = (await api.mail()).filter((x) => x.text.includes(res.body.id));
        return m.length === 2 ? m : undefined;
      },
      15_000,
      'approver e-mails',
    );
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['ed-approvers@example.edu', 'it-approvers@example.edu']);
    expect(mails[0]).toMatchObject({ subject: expect.stringContaining('TDT4100'), html: expect.stringContaining('<html'), at: expect.any(String) });

    const read = await api.request('GET', `/registrations/${res.body.id}`, { as: STAFF });
    expect(read.body.status).toBe('PENDING_APPROVAL');
  });

  it('refuses a bad /dev/token request with the field that is wrong', async () => {
    const res = await api.request('POST', '/dev/token', { body: { sub: 'x', email: 'x@example.edu', groups: ['admin'] } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('groups.0');
  });

  it('stops cleanly on Ctrl-C and leaves no DynamoDB Local (Java) process behind', async () => {
    expect(javaProcesses(dataDir)).not.toBe('');
    const code = await local.stop();
    expect(code).toBe(0);
    expect(javaProcesses(dataDir)).toBe('');
  });
});
