import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { resolveDefinition } from '../../local/stepfunctions-local';
import { SYNTH_CACHE_DIR, type SynthesizedApp, sourcesDigest, synthesizeApp } from '../../local/synthesized-app';
import {
  CloseRoundInputSchema,
  ExecutionInputSchema,
  NoticeStepInputSchema,
  RequestDecisionInputSchema,
  WorkflowFailureInputSchema,
} from '../../shared/contracts/workflow';

/**
 * Versioned task payloads. An approval execution waits for weeks on the state machine version
 * it started on, and its tasks call the functions' `live` alias, so after a deploy new code
 * receives payloads written by an older definition (and, after a rollback, by a newer one).
 * The rule: a payload field is never removed or renamed, a new one is optional, and the
 * schemas ignore fields they do not know. The payloads of every published definition version
 * are kept here, and today's schemas must accept each of them.
 */
const PAYLOADS_BY_VERSION = {
  /** Definition version 1: as it sends them (keep; add a version beside it when payloads change). */
  1: {
    PlanApprovalRound: [{ registrationId: 'r-1', round: 1 }],
    RequestDecision: [
      { registrationId: 'r-1', round: 1, group: 'IT', stage: 'initial', taskToken: 'AQB8AAAAKgAAAAMAAAAAAAAAAd' },
      { registrationId: 'r-1', round: 2, group: 'ED', stage: 'reminder', taskToken: 't' },
      { registrationId: 'r-1', round: 2, group: 'ED', stage: 'escalation', taskToken: 't' },
    ],
    CloseApprovalRound: [
      { registrationId: 'r-1', round: 1 },
      { registrationId: 'r-1', round: 1, failure: { Error: 'Approval.Rejected', Cause: 'An approver group rejected the registration' } },
      // The whole state input: what the round's Map and Parallel states added is ignored.
      { registrationId: 'r-1', round: 1, groups: [{ group: 'IT' }], decisions: [{ group: 'IT', decision: 'approve' }] },
    ],
    PrepareNotice: [
      { registrationId: 'r-1', noticeId: 'letter' },
      // A software exam's rehearsal reminder: a notice like the others, in the same Map.
      { registrationId: 'r-1', noticeId: 'rehearsal' },
    ],
    DispatchNotice: [
      { registrationId: 'r-1', noticeId: 'incident-01J9' },
      { registrationId: 'r-1', noticeId: 'rehearsal' },
    ],
    RecordWorkflowFailure: [
      { registrationId: 'r-1', round: 1, error: { Error: 'States.TaskFailed', Cause: '{"errorMessage":"x"}' } },
      { registrationId: 'r-1', error: { Error: 'States.Timeout' } },
    ],
  },
} as const;

const SCHEMA_OF: Record<keyof (typeof PAYLOADS_BY_VERSION)[1], z.ZodMiniType> = {
  PlanApprovalRound: ExecutionInputSchema,
  RequestDecision: RequestDecisionInputSchema,
  CloseApprovalRound: CloseRoundInputSchema,
  PrepareNotice: NoticeStepInputSchema,
  DispatchNotice: NoticeStepInputSchema,
  RecordWorkflowFailure: WorkflowFailureInputSchema,
};

const cases = Object.entries(PAYLOADS_BY_VERSION).flatMap(([version, byFunction]) =>
  Object.entries(byFunction).flatMap(([fn, payloads]) =>
    payloads.map((payload, i) => [`v${version} ${fn} #${i + 1}`, fn as keyof typeof SCHEMA_OF, payload] as const),
  ),
);

describe('task payload contracts', () => {
  it.each(cases)('today’s schema accepts %s', (_name, fn, payload) => {
    expect(SCHEMA_OF[fn].safeParse(payload).error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('and the same with a field a newer definition might add (%s), so a rollback keeps working', (_name, fn, payload) => {
    expect(SCHEMA_OF[fn].safeParse({ ...payload, addedLater: { x: 1 } }).success).toBe(true);
  });

  it('refuses what no version sends (the check is real)', () => {
    expect(RequestDecisionInputSchema.safeParse({ registrationId: 'r-1', round: 1, group: 'IT', stage: 'initial' }).success).toBe(false);
    expect(NoticeStepInputSchema.safeParse({ registrationId: 'r-1' }).success).toBe(false);
  });
});

describe('the synthesized definition', () => {
  /** Each Task state's payload template: its field names, or null when it passes the whole state input. */
  let templates: Map<string, { fn: string; fields: string[] | null }>;
  let app: SynthesizedApp;
  beforeAll(async () => {
    // Synthesized now, not taken from the cache: this checks the definition the sources make.
    app = await synthesizeApp({ cache: false });
    const { definition } = resolveDefinition(app.apiTemplate);
    templates = new Map();
    const walk = (states: Record<string, Record<string, unknown>>) => {
      for (const [name, s] of Object.entries(states)) {
        if (s.Type === 'Task') {
          const params = s.Parameters as Record<string, unknown> | undefined;
          const payload = (params?.Payload ?? (params && !('FunctionName' in params) ? params : null)) as Record<string, unknown> | null;
          const arn = String(params?.FunctionName ?? s.Resource);
          const logicalId = arn.split(':')[6] ?? arn;
          const fn = Object.entries(app.functionEntries).find(([id]) => id === logicalId)?.[1] ?? logicalId;
          templates.set(name, { fn, fields: payload ? Object.keys(payload).map((k) => k.replace(/\.\$$/, '')) : null });
        }
        for (const sub of [s.ItemProcessor, s.Iterator, ...((s.Branches as unknown[]) ?? [])] as (
          { States: Record<string, Record<string, unknown>> } | undefined
        )[]) {
          if (sub) walk(sub.States);
        }
      }
    };
    walk(definition.States as never);
  }, 120_000);

  it('sends every task only fields its schema knows, and every field the schema requires', () => {
    const byEntry: Record<string, keyof typeof SCHEMA_OF> = {
      'workflow/plan-approval-round.ts': 'PlanApprovalRound',
      'workflow/request-decision.ts': 'RequestDecision',
      'workflow/close-approval-round.ts': 'CloseApprovalRound',
      'workflow/prepare-notice.ts': 'PrepareNotice',
      'workflow/dispatch-notice.ts': 'DispatchNotice',
      'workflow/record-workflow-failure.ts': 'RecordWorkflowFailure',
    };
    expect(templates.size).toBeGreaterThanOrEqual(6);
    for (const [state, { fn, fields }] of templates) {
      const key = byEntry[fn];
      expect(key, `state ${state} calls ${fn}, which has no payload contract here`).toBeDefined();
      if (!key || !fields) continue;
      const shape = (SCHEMA_OF[key] as unknown as { def: { shape: Record<string, { _zod: { optin?: string } }> } }).def.shape;
      const required = Object.entries(shape).flatMap(([k, v]) => (v._zod.optin === 'optional' ? [] : [k]));
      expect({ state, unknown: fields.filter((f) => !(f in shape)) }).toEqual({ state, unknown: [] });
      expect({ state, missing: required.filter((f) => !fields.includes(f)) }).toEqual({ state, missing: [] });
    }
  });

  it('gives local mode the timeout of every function it runs, as the template sets it', () => {
    const ids = Object.keys(app.functionEntries);
    expect(ids.length).toBeGreaterThan(0);
    expect(Object.keys(app.functionTimeouts).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const timeout = app.apiTemplate.Resources[id]?.Properties?.Timeout;
      expect({ id, timeout: typeof timeout }).toEqual({ id, timeout: 'number' });
      expect({ id, timeout: app.functionTimeouts[id] }).toEqual({ id, timeout });
    }
  });

  it('is what local mode starts from: the cached app, keyed by the digest of its sources, equals a fresh synthesis', async () => {
    const cached = await synthesizeApp();
    expect(existsSync(path.join(SYNTH_CACHE_DIR, `${sourcesDigest()}.json`))).toBe(true);
    expect(JSON.parse(JSON.stringify(cached))).toEqual(JSON.parse(JSON.stringify(app)));
    expect(await synthesizeApp()).toEqual(cached);
  }, 120_000);
});
