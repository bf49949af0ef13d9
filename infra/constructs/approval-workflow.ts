import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { TRANSIENT_AWS_ERRORS } from '../../shared/errors';
import { ROUND_ENDING_ERRORS } from '../../shared/contracts/workflow';
import { LIVE_ALIAS } from './app-function';

export interface ApprovalWorkflowProps {
  stateMachineName: string;
  /** Each task function as the definition calls it: its `live` alias (`<function ARN>:live`). */
  planRound: IFunction;
  requestDecision: IFunction;
  closeRound: IFunction;
  recordFailure: IFunction;
  prepareNotice: IFunction;
  dispatchNotice: IFunction;
}

/**
 * Lambda's own throttling (`Lambda.TooManyRequestsException`: reserved concurrency, as on the
 * one mail dispatcher, or the account's limit) is retried with full jitter, long enough for
 * another execution's dispatch run (at most DISPATCH_BUDGET_SECONDS) to finish many times over.
 */
/** How long a notice waits for the dispatcher once its throttle retries are used up, before queuing again. */
export const DISPATCHER_BUSY_WAIT = Duration.minutes(5);

export const LAMBDA_THROTTLE_RETRY = { interval: Duration.seconds(5), backoffRate: 2, maxDelay: Duration.minutes(5), maxAttempts: 20 };

/**
 * No execution runs longer: a Standard workflow's own maximum. An approval waits at most until
 * a week before the exam, then the letter goes out, so only an exam a year away reaches it
 * (ExecutionsTimedOut, an alarm).
 */
export const EXECUTION_TIMEOUT = Duration.days(365);

/**
 * The approval workflow, defined once. `cdk synth` deploys it; local mode runs the very
 * definition that synth produced. JSONPath only: the local interpreter ignores JSONata.
 *
 *   PlanRound → CollectDecisions (one branch per approver group, in parallel)
 *     each branch: RequestDecision ─timeout→ RemindApprovers ─timeout→ EscalateApproval ─timeout→ Expired
 *                  decision: approve → done; reject / request changes → the round ends for everyone
 *   → CloseRound (records the outcome, tells the submitter)
 *   → SendStudentNotices (after approval: each notice waits for its date, is prepared, and is sent in batches)
 *   any unexpected failure → RecordFailure (written on the registration) → WorkflowFailed
 *
 * An execution started with `notices` (an error in the question set during the exam) goes
 * straight to SendStudentNotices.
 */
export class ApprovalWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** Set by publish(): the version of this definition, and the alias new executions start on. */
  version?: sfn.CfnStateMachineVersion;
  alias?: sfn.CfnStateMachineAlias;

  constructor(scope: Construct, id: string, props: ApprovalWorkflowProps) {
    super(scope, id);

    const withRetries = <T extends sfn.TaskStateBase>(task: T): T => {
      task.addRetry({
        errors: [...TRANSIENT_AWS_ERRORS],
        interval: Duration.seconds(2),
        maxAttempts: 6,
        backoffRate: 2,
        maxDelay: Duration.minutes(2),
        jitterStrategy: sfn.JitterType.FULL,
      });
      task.addRetry({ errors: ['Lambda.TooManyRequestsException'], ...LAMBDA_THROTTLE_RETRY, jitterStrategy: sfn.JitterType.FULL });
      return task;
    };

    /** A plain task; without a payload the function gets the whole state input. */
    const invoke = (id: string, fn: IFunction, payload: sfn.TaskInput | undefined, resultPath: string | undefined) =>
      withRetries(
        new tasks.LambdaInvoke(this, id, {
          lambdaFunction: fn,
          ...(payload ? { payload } : {}),
          payloadResponseOnly: true,
          resultPath,
          taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
        }),
      );

    const recordFailure = invoke('RecordFailure', props.recordFailure, undefined, sfn.JsonPath.DISCARD).next(
      new sfn.Fail(this, 'WorkflowFailed', { error: 'Workflow.Failed', causePath: '$.error.Cause' }),
    );
    const catchAll = (state: sfn.TaskStateBase | sfn.Map) => state.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const planRound = invoke(
      'PlanRound',
      props.planRound,
      sfn.TaskInput.fromObject({
        registrationId: sfn.JsonPath.stringAt('$.registrationId'),
        round: sfn.JsonPath.numberAt('$.round'),
      }),
      '$.plan',
    );
    catchAll(planRound);

    // One group's approval: ask, remind, escalate; each stage waits for the decision API's callback.
    const stage = (id: string, name: 'initial' | 'reminder' | 'escalation') =>
      withRetries(
        new tasks.LambdaInvoke(this, id, {
          lambdaFunction: props.requestDecision,
          integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
          payload: sfn.TaskInput.fromObject({
            registrationId: sfn.JsonPath.stringAt('$.registrationId'),
            round: sfn.JsonPath.numberAt('$.round'),
            group: sfn.JsonPath.stringAt('$.group'),
            stage: name,
            taskToken: sfn.JsonPath.taskToken,
          }),
          // The heartbeat interval is the stage's length; the timeout a backstop just after it.
          heartbeatTimeout: sfn.Timeout.at(`$.timeouts.${name}`),
          taskTimeout: sfn.Timeout.at(`$.limits.${name}`),
          resultPath: '$.decision',
        }),
      );
    const requestDecision = stage('RequestDecision', 'initial');
    const remind = stage('RemindApprovers', 'reminder');
    const escalate = stage('EscalateApproval', 'escalation');
    const expired = new sfn.Fail(this, 'Expired', { error: ROUND_ENDING_ERRORS.expired, cause: 'No decision before the deadline' });
    const timedOut = { errors: ['States.Timeout', 'States.HeartbeatTimeout'], resultPath: sfn.JsonPath.DISCARD };
    requestDecision.addCatch(remind, timedOut);
    remind.addCatch(escalate, timedOut);
    escalate.addCatch(expired, timedOut);

    const decided = new sfn.Choice(this, 'Decided?')
      .when(sfn.Condition.stringEquals('$.decision.decision', 'approve'), new sfn.Succeed(this, 'GroupApproved'))
      .when(
        sfn.Condition.stringEquals('$.decision.decision', 'reject'),
        new sfn.Fail(this, 'GroupRejected', { error: ROUND_ENDING_ERRORS.rejected, cause: 'An approver group rejected the registration' }),
      )
      .otherwise(new sfn.Fail(this, 'GroupRequestedChanges', { error: ROUND_ENDING_ERRORS.changesRequested, cause: 'An approver group requested changes' }));
    for (const s of [requestDecision, remind, escalate]) s.next(decided);

    const collect = new sfn.Map(this, 'CollectDecisions', {
      itemsPath: '$.plan.groups',
      maxConcurrency: 0,
      resultPath: sfn.JsonPath.DISCARD,
    }).itemProcessor(requestDecision);

    const closeRound = invoke('CloseRound', props.closeRound, undefined, '$.outcome');
    catchAll(closeRound);

    // Student notices: one Map item per notice, in order. Each waits until it is due, is
    // prepared (content and recipients fixed), and is sent in batches until none remain.
    const noticeRef = sfn.TaskInput.fromObject({
      registrationId: sfn.JsonPath.stringAt('$.registrationId'),
      noticeId: sfn.JsonPath.stringAt('$.noticeId'),
    });
    const waitUntilDue = new sfn.Wait(this, 'WaitUntilNoticeIsDue', { time: sfn.WaitTime.timestampPath('$.at') });
    const prepareNotice = invoke('PrepareNotice', props.prepareNotice, noticeRef, '$.prepared');
    const dispatchNotice = withRetries(
      new tasks.LambdaInvoke(this, 'DispatchNotice', {
        lambdaFunction: props.dispatchNotice,
        payload: noticeRef,
        payloadResponseOnly: true,
        resultPath: '$.dispatch',
        taskTimeout: sfn.Timeout.duration(Duration.minutes(6)),
      }),
    );
    // A dispatcher still busy after every retry (hundreds of letters due at once): the notice
    // waits and queues again, as long as it takes, instead of failing its execution.
    dispatchNotice.addCatch(new sfn.Wait(this, 'WaitForDispatcher', { time: sfn.WaitTime.duration(DISPATCHER_BUSY_WAIT) }).next(dispatchNotice), {
      errors: ['Lambda.TooManyRequestsException'],
      resultPath: sfn.JsonPath.DISCARD,
    });
    const pause = new sfn.Wait(this, 'PauseBeforeNextBatch', { time: sfn.WaitTime.secondsPath('$.dispatch.waitSeconds') });
    const moreToSend = new sfn.Choice(this, 'MoreToSend?')
      .when(sfn.Condition.numberGreaterThan('$.dispatch.remaining', 0), pause.next(dispatchNotice))
      .otherwise(new sfn.Succeed(this, 'NoticeSent'));
    waitUntilDue.next(prepareNotice).next(dispatchNotice).next(moreToSend);
    const sendNotices = new sfn.Map(this, 'SendStudentNotices', {
      itemsPath: '$.notices',
      maxConcurrency: 1,
      resultPath: sfn.JsonPath.DISCARD,
    }).itemProcessor(waitUntilDue);
    catchAll(sendNotices);
    const noticesOfRound = new sfn.Pass(this, 'NoticesOfRound', {
      parameters: {
        registrationId: sfn.JsonPath.stringAt('$.registrationId'),
        round: sfn.JsonPath.numberAt('$.round'),
        notices: sfn.JsonPath.listAt('$.outcome.notices'),
      },
    });
    closeRound.next(noticesOfRound).next(sendNotices);

    collect.addCatch(closeRound, {
      errors: [ROUND_ENDING_ERRORS.rejected, ROUND_ENDING_ERRORS.changesRequested, ROUND_ENDING_ERRORS.expired],
      resultPath: '$.failure',
    });
    collect.addCatch(new sfn.Succeed(this, 'RoundSuperseded'), { errors: [ROUND_ENDING_ERRORS.superseded], resultPath: sfn.JsonPath.DISCARD });
    catchAll(collect);

    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(
        new sfn.Choice(this, 'NoticesOnly?').when(sfn.Condition.isPresent('$.notices'), sendNotices).otherwise(planRound.next(collect).next(closeRound)),
      ),
      timeout: EXECUTION_TIMEOUT,
      tracingEnabled: true,
      // Execution data holds names and e-mail addresses: log events, not payloads.
      logs: { destination: logs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
  }

  /**
   * Publishes this definition as a version and points the `live` alias (the one new executions
   * start on, as with the functions) at it. A changed
   * definition is a new revision, so a new version; the old ones are kept, and executions
   * started on them finish on them. Gradually (10 % of new executions for 10 minutes) when
   * `gradual`; rolled back if an alarm fires meanwhile.
   */
  publish(opts: { gradual: boolean; rollbackAlarms: IAlarm[] }): void {
    const cfn = this.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    this.version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: cfn.attrStateMachineRevisionId,
      description: 'Published by the stack on every change of the definition',
    });
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.alias = new sfn.CfnStateMachineAlias(this, 'Alias', {
      name: LIVE_ALIAS,
      description: 'New executions start here',
      deploymentPreference: {
        stateMachineVersionArn: this.version.attrArn,
        type: opts.gradual ? 'CANARY' : 'ALL_AT_ONCE',
        ...(opts.gradual ? { percentage: 10, interval: 10 } : {}),
        alarms: opts.rollbackAlarms.map((a) => a.alarmName),
      },
    });
  }
}
