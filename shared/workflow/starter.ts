import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type ExecutionInput, executionName } from './contract';

/** Starts approval rounds. Execution names are derived from the registration and round, so a repeat is harmless. */
export class WorkflowStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startRound(input: ExecutionInput): Promise<string> {
    const name = executionName(input.registrationId, input.round);
    try {
      const out = await this.sfn.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return out.executionArn ?? name;
    } catch (error) {
      // Same name and same input is idempotent on AWS; a different input under the same name means
      // this round already started, which is also what we want.
      if (error instanceof ExecutionAlreadyExists) return name;
      throw error;
    }
  }
}
