import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate, CertificateValidation } from 'aws-cdk-lib/aws-certificatemanager';
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IDestination } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ROUTES } from '../../functions/http/routes';
import { type DeploymentConfig, type StageEnvironment, resourceName } from '../config';
import { Alarms } from '../constructs/alarms';
import { AppFunction, FUNCTION_ENVIRONMENT, type AppFunctionProps, type TableUse, workflowArns } from '../constructs/app-function';
import { ApprovalWorkflow } from '../constructs/approval-workflow';
import { BusinessMetrics, OperationsDashboard } from '../constructs/dashboard';
import { WebSite } from '../constructs/web-site';
import type { DeliveryEvents, RuntimeParameters } from './stateful-stack';
import {
  AuthConfigSchema,
  MailConfigSchema,
  NoticeConfigSchema,
  PageTokenConfigSchema,
  PlannerConfigSchema,
  RulesConfigSchema,
  envFor,
} from '../../shared/contracts/env';

export interface StatelessStackProps extends StackProps {
  config: DeploymentConfig & { env: StageEnvironment };
  table: TableV2;
  tableKey: IKey;
  emailIdentity: ses.EmailIdentity;
  configurationSet: ses.ConfigurationSet;
  delivery: DeliveryEvents;
  parameters: RuntimeParameters;
}

/** Registration partitions (`REG#<id>`): all some workflow and event functions ever touch. */
const REGISTRATION_PARTITIONS = ['REG#'];

/**
 * What each function does with the table, from the code it runs. Deletes: undoing a submission
 * or a new round, giving back a mail claim, and Powertools idempotency (which deletes the record
 * of a failed request); indexes: the owner, queue and decided lists, the course's software for the letter.
 */
export const TABLE_USE: Record<string, TableUse> = {
  // A software request identical to a pending one of the submitter's is found by the course index (a warning).
  SubmitRegistration: { access: 'write', deletes: true, indexes: ['gsi3'] },
  // Own list gsi1, queue gsi4, decisions and incidents waiting for extra time gsi2.
  ListRegistrations: { access: 'read', indexes: ['gsi1', 'gsi2', 'gsi4'] },
  GetRegistration: { access: 'read' },
  ResubmitRegistration: { access: 'write', deletes: true },
  DecideRegistration: { access: 'write', deletes: true },
  CancelRegistration: { access: 'write', deletes: true },
  // The letter as the students get it: a mid-term exam's letter lists the course's approved software.
  GetStudentLetter: { access: 'read', indexes: ['gsi3'] },
  PutCandidates: { access: 'write' },
  ReportIncident: { access: 'write', deletes: true },
  DecideExtraTime: { access: 'write' },
  ViewApprovalLink: { access: 'read' },
  DecideByApprovalLink: { access: 'write', deletes: true },
  PlanApprovalRound: { access: 'read', partitions: REGISTRATION_PARTITIONS },
  RequestDecision: { access: 'write', deletes: true },
  CloseApprovalRound: { access: 'write', deletes: true },
  PrepareNotice: { access: 'write', indexes: ['gsi3'] },
  DispatchNotice: { access: 'write', partitions: REGISTRATION_PARTITIONS },
  RecordWorkflowFailure: { access: 'write', partitions: REGISTRATION_PARTITIONS },
  RecordDeliveryEvent: { access: 'write', partitions: REGISTRATION_PARTITIONS },
  GetCalendar: { access: 'read' },
  SetStaffing: { access: 'write' },
  // Feeds: the two items of a feed, by its hash and in its creator's partition.
  CreateCalendarFeed: { access: 'write', partitions: ['FEED#', 'FEEDS#'] },
  ListCalendarFeeds: { access: 'read', partitions: ['FEEDS#'] },
  RevokeCalendarFeed: { access: 'read', deletes: true, partitions: ['FEED#', 'FEEDS#'] },
  // The software catalogue: its entries and their revisions.
  ListCatalogue: { access: 'read', partitions: ['CATALOGUE'] },
  GetCatalogueEntry: { access: 'read', partitions: ['CATALOGUE'] },
  GetCatalogueRevision: { access: 'read', partitions: ['CATALOGUE#'] },
  CreateCatalogueEntry: { access: 'write', partitions: ['CATALOGUE'] },
  EditCatalogueEntry: { access: 'write', partitions: ['CATALOGUE'] },
  RetireCatalogueEntry: { access: 'write', partitions: ['CATALOGUE'] },
  // A registration's software set-up: its catalogue revisions, and for seats the month buckets and registrations overlapping it.
  GetSoftwareSetup: { access: 'read', partitions: ['REG#', 'CATALOGUE#', 'CAL#'] },
  GetSebAllowList: { access: 'read', partitions: ['REG#', 'CATALOGUE#'] },
  RecordRehearsal: { access: 'write', partitions: ['REG#'] },
  // Public: the feed by its hash, the month buckets and registrations it shows, and its rate-limit counter.
  GetCalendarFeed: { access: 'write', partitions: ['FEED#', 'CAL#', 'REG#', 'RATE#'] },
};

/**
 * Memory (MB), and with it CPU. Routes someone waits on get 1024 MB (a cold start imports in
 * about 50 ms there); work nobody waits on gets less; the dispatcher renders and sends in
 * parallel. Tune with AWS Lambda Power Tuning on production traffic (docs/operations.md).
 */
export const MEMORY_MB: Record<string, number> = {
  GetOpenApi: 512,
  PlanApprovalRound: 512,
  RequestDecision: 512,
  CloseApprovalRound: 512,
  PrepareNotice: 1024,
  DispatchNotice: 1024,
  RecordWorkflowFailure: 256,
  RecordDeliveryEvent: 256,
};
const DEFAULT_MEMORY_MB = 1024;

/**
 * Concurrency reserved for (and capping) the functions behind public routes, so nobody without
 * a token can take the account's concurrency, and for the one student-mail dispatcher, so its
 * send rate holds across all executions (parallel dispatches are throttled and retried).
 */
export const RESERVED_CONCURRENCY: Record<string, number> = { GetOpenApi: 2, ViewApprovalLink: 5, DecideByApprovalLink: 5, GetCalendarFeed: 5, DispatchNotice: 1 };

/** The stage's limit, shared by every route, and lower ones of their own for the public routes. */
export const STAGE_THROTTLE = { rateLimit: 50, burstLimit: 100 };
export const PUBLIC_ROUTE_THROTTLE: Record<string, { rateLimit: number; burstLimit: number }> = {
  'GET /openapi.json': { rateLimit: 2, burstLimit: 5 },
  'GET /approval-links/{linkId}': { rateLimit: 5, burstLimit: 10 },
  'POST /approval-links/{linkId}': { rateLimit: 5, burstLimit: 10 },
  // Calendar apps poll each feed every few minutes to hours; each feed also has its own limit (FEED_REQUESTS_PER_WINDOW).
  'GET /calendar/ics/{secret}': { rateLimit: 10, burstLimit: 20 },
};

/** One JSON line per request in the API's access log: enough to tell a lock-out, a slow route or a failing integration apart. */
export const ACCESS_LOG_FIELDS: Record<string, string> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  integrationServiceError: '$context.integration.error',
  authorizerError: '$context.authorizer.error',
  error: '$context.error.message',
  errorType: '$context.error.responseType',
  userAgent: '$context.identity.userAgent',
  sourceIp: '$context.identity.sourceIp',
  jwtSubject: '$context.authorizer.claims.sub',
};

/** Compute: the HTTP API and its functions, the approval workflow and its task functions. */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly apiUrl: string;
  readonly stage: HttpStage;
  readonly workflow: ApprovalWorkflow;
  readonly functions: Record<string, AppFunction> = {};
  readonly stateMachineName: string;
  readonly webSite: WebSite;
  readonly alarms: Alarms;
  readonly businessMetrics: BusinessMetrics;
  readonly dashboard: OperationsDashboard;
  readonly deploymentGroups: Record<string, codedeploy.LambdaDeploymentGroup> = {};
  /** Routes without the JWT authorizer, each acknowledged with its reason in nag-acknowledgements. */
  readonly publicRoutes: { path: string; constructs: Construct[] }[] = [];

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table } = props;
    const stateMachineName = resourceName(config, 'approval');
    this.stateMachineName = stateMachineName;
    const arns = workflowArns(this, stateMachineName);
    const rulesEnv = {
      // Contact addresses must be staff addresses, candidates' addresses students' ones.
      ...envFor(RulesConfigSchema, {
        EXAM_PERIODS: config.examPeriods,
        STAFF_MAIL_DOMAINS: config.staffMailDomains,
        STUDENT_MAIL_DOMAINS: config.studentMailDomains,
      }),
    };
    const metricsNamespace = `ExamForms/${config.stage}`;

    // Own domains: the site's certificate comes from its us-east-1 stack, the API's is issued here.
    const siteDomain = config.siteDomain && config.siteCertificateArn ? config.siteDomain : undefined;
    const apiDomain = config.apiDomain
      ? new DomainName(this, 'ApiDomain', {
          domainName: config.apiDomain,
          certificate: new Certificate(this, 'ApiCertificate', { domainName: config.apiDomain, validation: CertificateValidation.fromDns() }),
          securityPolicy: SecurityPolicy.TLS_1_2,
        })
      : undefined;
    const apiOrigin = config.apiDomain ? `https://${config.apiDomain}` : undefined;

    // Web front end: S3 + CloudFront. It comes first: e-mail links and the API's CORS name it.
    this.webSite = new WebSite(this, 'WebSite', {
      oidc: { issuer: config.jwtIssuer, clientId: config.oidcClientId ?? config.jwtAudience, groupsClaim: config.groupsClaim },
      rules: rulesEnv,
      ...(apiOrigin ? { apiOrigin } : {}),
      ...(siteDomain
        ? { domain: { names: [siteDomain], certificate: Certificate.fromCertificateArn(this, 'SiteCertificate', config.siteCertificateArn as string) } }
        : {}),
    });
    const appBaseUrl = config.appBaseUrl ?? this.webSite.url;

    const mail = {
      identityArn: this.formatArn({ service: 'ses', resource: 'identity', resourceName: props.emailIdentity.emailIdentityName }),
      configurationSetName: props.configurationSet.configurationSetName,
      configurationSetArn: this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSet.configurationSetName }),
      from: config.mailFrom,
      environment: {
        ...envFor(MailConfigSchema, { APPROVERS_IT: config.approversIT.join(','), APPROVERS_ED: config.approversED.join(','), APP_BASE_URL: appBaseUrl }),
        ...envFor(PlannerConfigSchema, { PLANNER_DEFAULT: config.plannerDefault, PLANNERS: config.planners }),
      },
    };
    const mailing = new Set<AppFunction>();
    const fn = (id: string, entry: string, description: string, more: Partial<AppFunctionProps> = {}) => {
      const f = new AppFunction(this, id, {
        entry,
        description,
        memorySize: MEMORY_MB[id] ?? DEFAULT_MEMORY_MB,
        reservedConcurrentExecutions: RESERVED_CONCURRENCY[id],
        ...more,
        environment: {
          ...rulesEnv,
          ...envFor(AuthConfigSchema, { GROUPS_CLAIM: config.groupsClaim }),
          POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
          ...more.environment,
        },
      });
      const use = TABLE_USE[id];
      if (use) f.bindTable(table, use);
      this.functions[id] = f;
      return f;
    };
    const withMail = (f: AppFunction) => {
      mailing.add(f);
      return f.bindMail(mail);
    };

    // Workflow task functions. Kept when they leave the template: waiting executions may still call them.
    const task = (id: string, entry: string, description: string, more: Partial<AppFunctionProps> = {}) =>
      fn(id, entry, description, more).retainForWaitingExecutions();
    const planRound = task('PlanApprovalRound', 'workflow/plan-approval-round.ts', 'Workflow: plan an approval round');
    const requestDecision = withMail(task('RequestDecision', 'workflow/request-decision.ts', 'Workflow: ask a group for its decision')).bindWorkflowCallbacks(
      arns.stateMachineArn,
    );
    const closeRound = withMail(task('CloseApprovalRound', 'workflow/close-approval-round.ts', 'Workflow: record the outcome of a round'));
    const prepareNotice = withMail(task('PrepareNotice', 'workflow/prepare-notice.ts', 'Workflow: fix a student notice’s content and recipients'));
    const dispatchNotice = withMail(
      task('DispatchNotice', 'workflow/dispatch-notice.ts', 'Workflow: send a student notice, exactly once per recipient, within the send rate', {
        timeout: Duration.minutes(5),
        // One dispatcher at a time (reserved concurrency 1) with the whole rate: the send rate is global.
        environment: envFor(NoticeConfigSchema, { DISPATCH_BUDGET_SECONDS: '240', MAIL_SEND_RATE: String(config.mailSendRate) }),
      }),
    );
    const recordFailure = task('RecordWorkflowFailure', 'workflow/record-workflow-failure.ts', 'Workflow: record a failure on the registration');

    const live = (f: AppFunction) => f.liveArnReference();
    this.workflow = new ApprovalWorkflow(this, 'ApprovalWorkflow', {
      stateMachineName,
      planRound: live(planRound),
      requestDecision: live(requestDecision),
      closeRound: live(closeRound),
      recordFailure: live(recordFailure),
      prepareNotice: live(prepareNotice),
      dispatchNotice: live(dispatchNotice),
    });
    // The definition names each alias by its ARN; it must exist before the definition calls it.
    for (const f of [planRound, requestDecision, closeRound, recordFailure, prepareNotice, dispatchNotice]) this.workflow.stateMachine.node.addDependency(f.live);

    // SES delivery events (configuration set → SNS topic) update the recipients' states. What the
    // function cannot record after Lambda's retries, and what SNS cannot hand over, is kept in a queue.
    const deliveryEvents = fn('RecordDeliveryEvent', 'events/record-delivery-event.ts', 'SES delivery events for student e-mail');
    deliveryEvents.live.configureAsyncInvoke({
      onFailure: this.queueDestination(props.delivery),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    const subscription = props.delivery.topic.addSubscription(new LambdaSubscription(deliveryEvents.live, { deadLetterQueue: props.delivery.undelivered }));
    Validations.of(subscription).acknowledge({
      id: 'CloudFormation-Validate::W3694',
      reason: "SNS's lambda protocol takes a qualified function ARN: the subscription invokes the function's live alias, like every other caller.",
    });

    // HTTP API with a JWT authorizer for any OIDC issuer.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    this.api = new HttpApi(this, 'Api', {
      description: `exam-forms ${config.stage} registrations API`,
      createDefaultStage: false,
      // With its own domain the API answers there only, with TLS 1.2.
      disableExecuteApiEndpoint: apiDomain !== undefined,
      defaultAuthorizer: new HttpJwtAuthorizer('Jwt', config.jwtIssuer, { jwtAudience: [config.jwtAudience] }),
      corsPreflight: {
        allowOrigins: [appBaseUrl],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: Duration.hours(1),
      },
    });

    // The HMAC key of page tokens: one for every instance (a random one per instance would refuse
    // another instance's tokens). CloudFormation resolves it into the function's encrypted environment.
    const pageTokenKey = new Secret(this, 'PageTokenKey', {
      description: 'exam-forms: key that seals page tokens of GET /registrations',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    const routes: Construct[] = [];
    for (const route of ROUTES) {
      const f = fn(route.id, route.entry, `${route.method} ${route.path}`);
      if (route.id === 'ListRegistrations') f.addConfig(envFor(PageTokenConfigSchema, { PAGE_TOKEN_KEY: pageTokenKey.secretValue.unsafeUnwrap() }));
      if (route.uses?.includes('workflow')) f.bindWorkflowStart(arns);
      if (route.uses?.includes('callbacks')) f.bindWorkflowCallbacks(arns.stateMachineArn);
      if (route.uses?.includes('mail')) withMail(f);
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, f.live),
        ...(route.public ? { authorizer: new HttpNoneAuthorizer() } : {}),
        // With scopes configured, the token must carry at least one of them (API Gateway checks `scope`/`scp`).
        ...(!route.public && config.jwtScopes.length ? { authorizationScopes: config.jwtScopes } : {}),
      });
      routes.push(...added);
      if (route.public) this.publicRoutes.push({ path: route.path, constructs: added });
    }

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      throttle: STAGE_THROTTLE,
      ...(apiDomain ? { domainMapping: { domainName: apiDomain } } : {}),
    });
    // Per-route limits name the routes: the stage must come after them.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      Object.entries(PUBLIC_ROUTE_THROTTLE).map(([key, t]) => [key, { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit }]),
    );
    this.stage.node.addDependency(...routes);
    this.apiUrl = apiOrigin ?? this.api.apiEndpoint;

    // Settings that change without a deploy: every function reads the exam periods, mail functions the approvers.
    const p = props.parameters;
    for (const f of Object.values(this.functions)) {
      f.bindParameters(p.path, mailing.has(f) ? [p.examPeriods, p.approversIT, p.approversED] : [p.examPeriods]);
    }

    this.webSite.publish({ apiUrl: this.apiUrl });
    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
    new CfnOutput(this, 'WebUrl', { value: this.webSite.url });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    this.dnsRecordOutputs(config, apiDomain);

    // Operations: business figures, alarms (infra/constructs/alarms.ts, docs/operations.md) and one dashboard.
    this.businessMetrics = new BusinessMetrics(this, 'BusinessMetrics', {
      namespace: metricsNamespace,
      service: FUNCTION_ENVIRONMENT.POWERTOOLS_SERVICE_NAME as string,
      logGroups: Object.fromEntries(Object.entries(this.functions).map(([name, f]) => [name, f.logGroup])),
    });
    this.alarms = new Alarms(this, 'Alarms', {
      namePrefix: `exam-forms-${config.stage}`,
      alarmEmail: config.alarmEmail,
      chat: config.alarmChat,
      onCallUrl: config.alarmOnCallUrl,
      stateMachine: this.workflow.stateMachine,
      functions: this.functions,
      throttledByDesign: ['DispatchNotice'],
      api: this.api,
      table,
      deliveryEvents: {
        topic: props.delivery.topic,
        recorder: 'RecordDeliveryEvent',
        queues: { DeliveryEventsFailed: props.delivery.failed, DeliveryEventsUndelivered: props.delivery.undelivered },
      },
      cancellations: this.businessMetrics.metric('RegistrationsCancelled'),
    });
    this.dashboard = new OperationsDashboard(this, 'Dashboard', {
      dashboardName: resourceName(config, 'operations'),
      business: this.businessMetrics,
      api: this.api,
      stateMachine: this.workflow.stateMachine,
      table,
      functionNamePrefix: `${this.stackName}-`,
      queues: { failed: props.delivery.failed, undelivered: props.delivery.undelivered },
      alarms: this.alarms.alarms,
    });

    // Safe deploys: new executions start on the new workflow version (gradually in production),
    // and the API functions shift traffic to their new versions, rolled back on their alarms.
    this.workflow.publish({ gradual: config.env.production, rollbackAlarms: [this.alarms.workflowFailed] });
    new CfnOutput(this, 'StateMachineAliasArn', { value: arns.aliasArn });
    this.gradualDeployments(config);
  }

  /** CodeDeploy for every API function: canary in production, all at once elsewhere; rolled back on the function's errors or API 5xx. */
  private gradualDeployments(config: DeploymentConfig & { env: StageEnvironment }) {
    const application = new codedeploy.LambdaApplication(this, 'Deployments', { applicationName: resourceName(config, 'api') });
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRoleForLambdaLimited')],
      description: 'CodeDeploy: shift the live aliases of the API functions',
    });
    const deploymentConfig = config.env.production ? codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES : codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE;
    for (const route of ROUTES) {
      const f = this.functions[route.id] as AppFunction;
      this.deploymentGroups[route.id] = new codedeploy.LambdaDeploymentGroup(this, `${route.id}Deployment`, {
        application,
        alias: f.live,
        deploymentConfig,
        role,
        alarms: [this.alarms.functionErrors[route.id] as IAlarm, this.alarms.apiServerErrors],
        autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      });
    }
  }

  /**
   * Lambda's on-failure destination: the encrypted queue, granted by name (sqs:SendMessage on
   * the queue, the key's two actions through SQS only) rather than by CDK's wider grant.
   */
  private queueDestination(delivery: DeliveryEvents): IDestination {
    return {
      bind: (_scope, fn) => {
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [delivery.failed.queueArn] }));
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [delivery.key.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `sqs.${this.region}.amazonaws.com` } },
          }),
        );
        return { destination: delivery.failed.queueArn };
      },
    };
  }

  /** The CNAMEs the university's DNS must hold for the stage's own domains (docs/operations.md, "DNS records"). */
  private dnsRecordOutputs(config: DeploymentConfig, apiDomain: DomainName | undefined) {
    if (apiDomain) new CfnOutput(this, 'ApiDnsRecord', { value: `${config.apiDomain} CNAME ${apiDomain.regionalDomainName}` });
    if (this.webSite.customDomain) new CfnOutput(this, 'SiteDnsRecord', { value: `${config.siteDomain} CNAME ${this.webSite.distribution.distributionDomainName}` });
  }
}
