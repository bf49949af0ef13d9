import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDefinition } from '../../local/stepfunctions-local';
import type { CfnTemplate } from '../../local/synthesized-app';
import { synthTemplates } from '../support/synth';

let definition: ReturnType<typeof resolveDefinition>['definition'];
let raw: string;
beforeAll(() => {
  const t = synthTemplates();
  const template = t.api.toJSON() as CfnTemplate;
  definition = resolveDefinition(template).definition;
  raw = JSON.stringify(definition);
});

type State = Record<string, any>;
const allStates = (states: Record<string, State>): [string, State][] =>
  Object.entries(states).flatMap(([n, s]) => [[n, s] as [string, State], ...(s.ItemProcessor ? allStates(s.ItemProcessor.States) : [])]);

describe('the synthesized approval workflow', () => {
  it('passes asl-validator', () => {
    const { isValid, errors } = aslValidator(definition, { checkArn: true, checkPaths: true });
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('uses JSONPath only (no JSONata, no variables: the local interpreter ignores them)', () => {
    expect(raw).not.toMatch(/JSONata|"Assign"|"Arguments"|"Output"|\{%/);
  });

  it('gives every task a timeout, retries with backoff, and a way to record failures', () => {
    const tasks = allStates(definition.States as Record<string, State>).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(6);
    for (const [name, s] of tasks) {
      expect({ name, timeout: Boolean(s.TimeoutSeconds || s.TimeoutSecondsPath) }).toEqual({ name, timeout: true });
      const transient = (s.Retry ?? []).find((r: State) => r.ErrorEquals.includes('ThrottlingException'));
      expect({ name, backoff: transient?.BackoffRate }).toEqual({ name, backoff: 2 });
    }
    const outer = Object.entries(definition.States as Record<string, State>).filter(([n, s]) => (s.Type === 'Task' || s.Type === 'Map') && n !== 'RecordFailure');
    for (const [name, s] of outer) {
      expect({ name, catchAll: (s.Catch ?? []).some((c: State) => c.ErrorEquals.includes('States.ALL') && c.Next === 'RecordFailure') }).toEqual({
        name,
        catchAll: true,
      });
    }
  });

  it('waits for decisions with callback tasks whose time comes from the state input', () => {
    const callbacks = allStates(definition.States as Record<string, State>).filter(([, s]) => String(s.Resource).endsWith('lambda:invoke.waitForTaskToken'));
    expect(callbacks.map(([n]) => n).sort()).toEqual(['EscalateApproval', 'RemindApprovers', 'RequestDecision']);
    for (const [, s] of callbacks) {
      expect(s.TimeoutSecondsPath).toMatch(/^\$\.limits\./);
      expect(s.HeartbeatSecondsPath).toMatch(/^\$\.timeouts\./);
      expect(s.Parameters.Payload['taskToken.$']).toBe('$$.Task.Token');
    }
  });
});
