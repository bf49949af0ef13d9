import { InvalidToken, type SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '../../ports';

/**
 * Resumes waiting approval steps. A token that expired or whose step was superseded (the
 * step timed out into a reminder) is not an error: the next step re-reads the stored
 * decision and completes itself, so the decision is never lost.
 */
export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly sfn: SFNClient) {}

  async succeed(taskToken: string, output: unknown): Promise<boolean> {
    return this.settle(() => this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }

  async fail(taskToken: string, error: string, cause: string): Promise<boolean> {
    return this.settle(() => this.sfn.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  private async settle(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (error) {
      if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken) return false;
      throw error;
    }
  }
}
