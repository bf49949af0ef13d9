import { type ExecutionInput, executionName } from '../../../shared/contracts/workflow';
import type { TaskCallbacks, WorkflowControl } from '../../../shared/ports';

/** A WorkflowControl that records what it was asked; `failStartWith` makes the next start throw, as a Step Functions outage does. */
export class RecordingWorkflowControl implements WorkflowControl {
  readonly started: ExecutionInput[] = [];
  readonly noticesStarted: { registrationId: string; noticeId: string }[] = [];
  readonly stopped: { registrationId: string; round: number; cause: string }[] = [];
  private startFailure: Error | undefined;

  failStartWith(error: Error): void {
    this.startFailure = error;
  }

  async startRound(input: ExecutionInput): Promise<string> {
    if (this.startFailure !== undefined) {
      const error = this.startFailure;
      this.startFailure = undefined;
      throw error;
    }
    this.started.push({ ...input });
    return `arn:aws:states:eu-north-1:000000000000:execution:approval:${executionName(input.registrationId, input.round)}`;
  }

  async startNotices(registrationId: string, noticeId: string): Promise<void> {
    this.noticesStarted.push({ registrationId, noticeId });
  }

  async stopRound(registrationId: string, round: number, cause: string): Promise<void> {
    this.stopped.push({ registrationId, round, cause });
  }
}

/**
 * TaskCallbacks that record every resume. Like Step Functions, a token resumes its step once:
 * a token already used, or one marked gone with `expire` (the step timed out into its next
 * stage), answers false.
 */
export class RecordingTaskCallbacks implements TaskCallbacks {
  readonly succeeded: { taskToken: string; output: unknown }[] = [];
  readonly failed: { taskToken: string; error: string; cause: string }[] = [];
  private readonly gone = new Set<string>();

  expire(taskToken: string): void {
    this.gone.add(taskToken);
  }

  async succeed(taskToken: string, output: unknown): Promise<boolean> {
    if (this.gone.has(taskToken)) return false;
    this.gone.add(taskToken);
    this.succeeded.push({ taskToken, output });
    return true;
  }

  async fail(taskToken: string, error: string, cause: string): Promise<boolean> {
    if (this.gone.has(taskToken)) return false;
    this.gone.add(taskToken);
    this.failed.push({ taskToken, error, cause });
    return true;
  }
}
