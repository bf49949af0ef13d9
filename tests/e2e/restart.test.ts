import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ED_APPROVER, IT_APPROVER, STAFF, midtermBody } from '../support/fixtures';
import { type LocalProcess, startLocalProcess } from '../support/local-process';
import { waitForIdle } from '../support/workflow';

describe('local mode keeps its data across a restart', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'exam-forms-restart-'));
  let local: LocalProcess | undefined;
  afterAll(async () => {
    await local?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a registration waiting for approval before the restart is approved after it, and its workflow goes on', async () => {
    local = await startLocalProcess({ DATA_DIR: dataDir, FAST_WAITS: '1' });
    let api = new ApiClient(local.url);
    const created = await api.request('POST', '/registrations', { as: STAFF, body: midtermBody() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await ApiClient.eventually(async () => (await api.mail()).filter((m) => m.text.includes(id)).length === 2, 15_000, 'approver e-mails');
    // IT decides before the restart, ED after it.
    expect((await api.request('POST', `/registrations/${id}/decisions`, { as: IT_APPROVER, body: { group: 'IT', decision: 'approve' } })).status).toBe(200);
    // The process dies (SIGKILL: no clean-up, no shutdown handler). The kill reaches its whole
    // process group, DynamoDB Local's JVM included, which its dead parent could not stop.
    expect(local.processGroup().map((p) => p.command)).toContain('java');
    await local.crash();
    expect(local.processGroup()).toEqual([]);

    local = await startLocalProcess({ DATA_DIR: dataDir, FAST_WAITS: '1' });
    expect(local.output()).toMatch(/Resumed\s+1 unfinished workflow execution/);
    api = new ApiClient(local.url);
    const before = await api.request('GET', `/registrations/${id}`, { as: STAFF });
    expect(before.body).toMatchObject({ status: 'PENDING_APPROVAL' });
    expect(before.body.approvals.find((a: { group: string }) => a.group === 'IT').state).toBe('APPROVED');

    // The re-driven steps are idempotent: the approvers are not mailed a second time.
    await waitForIdle(local);
    expect((await api.mail()).filter((m) => m.subject.includes('Decision wanted'))).toEqual([]);

    expect((await api.request('POST', `/registrations/${id}/decisions`, { as: ED_APPROVER, body: { group: 'ED', decision: 'approve' } })).status).toBe(200);
    const approved = await ApiClient.eventually(
      async () => {
        const r = await api.request('GET', `/registrations/${id}`, { as: STAFF });
        return r.body.status === 'APPROVED' ? r.body : undefined;
      },
      15_000,
      'APPROVED',
    );
    expect(approved.history.filter((h: { action: string }) => h.action === 'DECIDED')).toHaveLength(2);
    await ApiClient.eventually(async () => (await api.mail()).some((m) => m.subject.startsWith('Approved') && m.text.includes(id)), 10_000, 'outcome e-mail');
    // Ctrl-C still stops it cleanly.
    expect(await local.stop()).toBe(0);
  }, 120_000);
});
