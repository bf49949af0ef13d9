import { SFNClient, type StartExecutionCommand, type StopExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { SfnWorkflowControl } from '../../shared/adapters/sfn/workflow-control';

const MACHINE = 'arn:aws:states:eu-north-1:123456789012:stateMachine:exam-forms-dev-approval';
const ALIAS = `${MACHINE}:live`;

/** An SFN client that records the commands it is sent (the fault is injected at the client, as the tests do elsewhere). */
const recordingClient = () => {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = new SFNClient({ region: 'eu-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  client.send = (async (command: StartExecutionCommand | StopExecutionCommand) => {
    sent.push({ name: command.constructor.name, input: command.input as unknown as Record<string, unknown> });
    return { executionArn: 'arn:aws:states:…:execution:x', startDate: new Date() };
  }) as never;
  return { client, sent };
};

describe('starting and stopping approval rounds', () => {
  it('given an alias, new rounds and notices start on it, and a round is stopped by its execution ARN on the state machine', async () => {
    const { client, sent } = recordingClient();
    const control = new SfnWorkflowControl(client, MACHINE, ALIAS);
    await control.startRound({ registrationId: 'r1', round: 2 });
    await control.startNotices('r1', 'incident-1');
    await control.stopRound('r1', 2, 'cancelled');
    expect(sent.map((c) => [c.name, c.input.stateMachineArn ?? c.input.executionArn])).toEqual([
      ['StartExecutionCommand', ALIAS],
      ['StartExecutionCommand', ALIAS],
      ['StopExecutionCommand', 'arn:aws:states:eu-north-1:123456789012:execution:exam-forms-dev-approval:r1-r2'],
    ]);
  });

  it('without an alias (local mode), rounds start on the state machine itself', async () => {
    const { client, sent } = recordingClient();
    await new SfnWorkflowControl(client, MACHINE).startRound({ registrationId: 'r1', round: 1 });
    expect(sent[0]?.input.stateMachineArn).toBe(MACHINE);
  });
});
