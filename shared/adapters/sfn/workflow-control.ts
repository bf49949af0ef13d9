import { ExecutionAlreadyExists, ExecutionDoesNotExist, type SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { type ExecutionInput, executionName } from '../../contracts/workflow';
import type { WorkflowControl } from '../../ports';

/** Starts and stops approval rounds. Execution names derive from registration and round, so a repeat is harmless. */
export class SfnWorkflowControl implements WorkflowControl {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    /** What StartExecution names: the alias new executions use; execution ARNs are built from the state machine's own ARN. */
    private readonly startOn: string = stateMachineArn,
  ) {}

  executionArn(registrationId: string, round: number) {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName(registrationId, round)}`;
  }

  async startRound(input: ExecutionInput): Promise<string> {
    const name = executionName(input.registrationId, input.round);
    try {
      const out = await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.startOn, name, input: JSON.stringify(input) }));
      return out.executionArn ?? name;
    } catch (error) {
      // Same name and same input is idempotent on AWS; a different input under the same name means
      // this round already started, which is also what we want.
      if (error instanceof ExecutionAlreadyExists) return this.executionArn(input.registrationId, input.round);
      throw error;
    }
  }

  /** Sends a notice to the students now (an incident during the exam) through the workflow's notice branch. */
  async startNotices(registrationId: string, noticeId: string): Promise<void> {
    const notices = [{ registrationId, noticeId, at: new Date().toISOString() }];
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.startOn,
          name: `${registrationId}-${noticeId}`.slice(0, 80),
          input: JSON.stringify({ registrationId, notices }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  /** Stops a round's execution (cancellation). A round that already ended is fine. */
  async stopRound(registrationId: string, round: number, cause: string): Promise<void> {
    try {
      await this.sfn.send(new StopExecutionCommand({ executionArn: this.executionArn(registrationId, round), error: 'Registration.Cancelled', cause }));
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }
}
