import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ROUTES } from '../../functions/http/routes';
import type { DeploymentConfig } from '../config';
import { Alarms } from '../constructs/alarms';
import { AppFunction, workflowArns } from '../constructs/app-function';
import { ApprovalWorkflow } from '../constructs/approval-workflow';
import { WebSite } from '../constructs/web-site';

export interface StatelessStackProps extends StackProps {
  config: DeploymentConfig;
  table: TableV2;
  emailIdentity: ses.EmailIdentity;
  configurationSet: ses.ConfigurationSet;
  deliveryEventsTopic: ITopic;
}

/** Compute: the HTTP API and its functions, the approval workflow and its task functions. */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly workflow: ApprovalWorkflow;
  readonly functions: Record<string, AppFunction> = {};
  readonly stateMachineName: string;
  readonly webSite: WebSite;
  /** Routes without the JWT authorizer, each acknowledged with its reason in nag-acknowledgements. */
  readonly publicRoutes: { path: string; constructs: Construct[] }[] = [];

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table } = props;
    const stateMachineName = `exam-forms-${config.stage}-approval`;
    this.stateMachineName = stateMachineName;
    const arns = workflowArns(this, stateMachineName);
    const rulesEnv: Record<string, string> = {
      ...(config.examPeriods ? { EXAM_PERIODS: config.examPeriods } : {}),
      // Contact addresses must be in the institution's mail domain (students' domains: STUDENT_MAIL_DOMAINS, default stud.<domain> below).
      STAFF_MAIL_DOMAINS: config.mailDomain,
      STUDENT_MAIL_DOMAINS: `stud.${config.mailDomain}`,
    };
    // Web front end: S3 + CloudFront. It comes first: e-mail links and the API's CORS name it.
    this.webSite = new WebSite(this, 'WebSite', {
      oidc: { issuer: config.jwtIssuer, clientId: config.oidcClientId ?? config.jwtAudience, groupsClaim: config.groupsClaim },
      rules: rulesEnv,
    });
    const appBaseUrl = config.appBaseUrl ?? this.webSite.url;


    const mail = {
      identityArn: this.formatArn({ service: 'ses', resource: 'identity', resourceName: props.emailIdentity.emailIdentityName }),
      configurationSetName: props.configurationSet.configurationSetName,
      configurationSetArn: this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSet.configurationSetName }),
      environment: {
        MAIL_FROM: config.mailFrom,
        APPROVERS_IT: config.approversIT.join(','),
        APPROVERS_ED: config.approversED.join(','),
        PLANNER_DEFAULT: config.plannerDefault,
        ...(config.planners ? { PLANNERS: config.planners } : {}),
        APP_BASE_URL: appBaseUrl,
      },
    };
    const fn = (id: string, entry: string, description: string) => {
      const f = new AppFunction(this, id, { entry, description, environment: { ...rulesEnv, GROUPS_CLAIM: config.groupsClaim } });
      this.functions[id] = f;
      return f;
    };

    // Workflow task functions.
    const planRound = fn('PlanApprovalRound', 'workflow/plan-approval-round.ts', 'Workflow: plan an approval round').bindTable(table, 'read');
    const requestDecision = fn('RequestDecision', 'workflow/request-decision.ts', 'Workflow: ask a group for its decision')
      .bindTable(table, 'write')
      .bindWorkflowCallbacks(arns.stateMachineArn)
      .bindMail(mail);
    const closeRound = fn('CloseApprovalRound', 'workflow/close-approval-round.ts', 'Workflow: record the outcome of a round')
      .bindTable(table, 'write')
      .bindMail(mail);
    const prepareNotice = fn('PrepareNotice', 'workflow/prepare-notice.ts', 'Workflow: fix a student notice’s content and recipients')
      .bindTable(table, 'write')
      .bindMail(mail);
    const dispatchNotice = new AppFunction(this, 'DispatchNotice', {
      entry: 'workflow/dispatch-notice.ts',
      description: 'Workflow: send a student notice, exactly once per recipient, within the send rate',
      timeout: Duration.minutes(5),
      environment: { ...rulesEnv, GROUPS_CLAIM: config.groupsClaim, DISPATCH_BUDGET_SECONDS: '240' },
    })
      .bindTable(table, 'write')
      .bindMail(mail);
    this.functions.DispatchNotice = dispatchNotice;
    const recordFailure = fn('RecordWorkflowFailure', 'workflow/record-workflow-failure.ts', 'Workflow: record a failure on the registration')
      .bindTable(table, 'write');

    this.workflow = new ApprovalWorkflow(this, 'ApprovalWorkflow', {
      stateMachineName,
      planRound,
      requestDecision,
      closeRound,
      recordFailure,
      prepareNotice,
      dispatchNotice,
    });

    // SES bounces and complaints (configuration set → SNS topic) update the recipients' states.
    const deliveryEvents = fn('RecordDeliveryEvent', 'events/record-delivery-event.ts', 'SES bounce and complaint events for student e-mail')
      .bindTable(table, 'write');
    props.deliveryEventsTopic.addSubscription(new LambdaSubscription(deliveryEvents));

    // HTTP API with a JWT authorizer for any OIDC issuer.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new HttpApi(this, 'Api', {
      description: 'exam-forms registrations API',
      createDefaultStage: false,
      defaultAuthorizer: new HttpJwtAuthorizer('Jwt', config.jwtIssuer, { jwtAudience: [config.jwtAudience] }),
      corsPreflight: {
        allowOrigins: [appBaseUrl],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: Duration.hours(1),
      },
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    for (const route of ROUTES) {
      const f = fn(route.id, route.entry, `${route.method} ${route.path}`);
      if (route.table !== 'none') f.bindTable(table, route.table);
      if (route.uses?.includes('workflow')) f.bindWorkflowStart(arns.stateMachineArn, arns.executionArnPattern);
      if (route.uses?.includes('callbacks')) f.bindWorkflowCallbacks(arns.stateMachineArn);
      if (route.uses?.includes('mail')) f.bindMail(mail);
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, f),
        ...(route.public ? { authorizer: new HttpNoneAuthorizer() } : {}),
        // With scopes configured, the token must carry at least one of them (API Gateway checks `scope`/`scp`).
        ...(!route.public && config.jwtScopes.length ? { authorizationScopes: config.jwtScopes } : {}),
      });
      if (route.public) this.publicRoutes.push({ path: route.path, constructs: added });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });

    this.webSite.publish({ apiUrl: this.api.apiEndpoint });
    new CfnOutput(this, 'WebUrl', { value: this.webSite.url });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });

    // Operations: alarms on workflow failures, function errors, API 5xx and SES reputation,
    // mailed to alarmEmail (infra/constructs/alarms.ts). Keep this last: it watches every function.
    new Alarms(this, 'Alarms', { alarmEmail: config.alarmEmail, stateMachine: this.workflow.stateMachine, functions: this.functions, api: this.api });
  }
}
