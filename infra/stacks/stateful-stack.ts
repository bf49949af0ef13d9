import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { INDEXES, projectedAttributes } from '../../shared/adapters/dynamodb/keys';
import { DEFAULT_EXAM_PERIODS, PARAMETER_NAMES } from '../../shared/contracts/env';
import { type DeploymentConfig, type StageEnvironment, resourceName } from '../config';

export interface StatefulStackProps extends StackProps {
  config: DeploymentConfig & { env: StageEnvironment };
}

/** SES delivery events and where the ones that cannot be recorded are kept. */
export interface DeliveryEvents {
  topic: sns.Topic;
  key: kms.Key;
  /** Lambda's on-failure destination: events record-delivery-event failed on after its retries, or that grew too old. */
  failed: sqs.Queue;
  /** The subscription's dead-letter queue: events SNS could not hand to the function at all. */
  undelivered: sqs.Queue;
}

/** Settings that change without a deploy (Parameter Store), by what they hold. */
export interface RuntimeParameters {
  approversIT: ssm.StringParameter;
  approversED: ssm.StringParameter;
  examPeriods: ssm.StringParameter;
  /** The path all of them sit under: `/exam-forms/<stage>/`. */
  path: string;
}

/** What the alarms and backups keep: DynamoDB's own recovery window (PITR) is 35 days. */
export const BACKUP_RETENTION = { daily: Duration.days(35), weekly: Duration.days(91) };
/** The vault lock's bounds: no recovery point can be deleted sooner, or kept longer (personal data). */
export const BACKUP_LOCK = { min: Duration.days(7), max: Duration.days(120), compliesAfter: Duration.days(3) };

/**
 * Data and mail identity: the parts that must outlive any redeploy of the compute.
 * The table keeps registrations, approvals, history and recipients (single-table design,
 * keys in shared/adapters/dynamodb/keys.ts).
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly tableKey: kms.Key;
  readonly emailIdentity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly delivery: DeliveryEvents;
  readonly parameters: RuntimeParameters;
  readonly backupVault: backup.BackupVault;
  readonly backupPlan: backup.BackupPlan;
  /** The custom MAIL FROM domain: bounces come back to it, and SPF aligns on it. */
  readonly mailFromDomain: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.tableKey = this.key('TableKey', 'table', []);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.tableKey),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Which partitions are hot and which keys are throttled, for the dashboard and when DynamoDB throttles.
      contributorInsightsSpecification: { enabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Personal data (candidate lists) carries an expiry and is deleted by DynamoDB after the exam.
      timeToLiveAttribute: 'expiresAt',
      // The key catalogue's indexes (shared/adapters/dynamodb/keys.ts). CloudFormation adds or removes at most one per update.
      globalSecondaryIndexes: Object.values(INDEXES).map((i) => ({
        indexName: i.name,
        partitionKey: { name: i.partitionKey, type: AttributeType.STRING },
        sortKey: { name: i.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType[i.projection],
        ...(i.projection === 'INCLUDE' ? { nonKeyAttributes: projectedAttributes(i) } : {}),
      })),
    });

    this.configurationSet = new ses.ConfigurationSet(this, 'MailConfiguration', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.delivery = this.deliveryEvents();
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.delivery.topic),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.DELIVERY_DELAY,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
      ],
    });
    // Every sending event as a CloudWatch metric, by the `kind` tag the functions put on each
    // e-mail (approval-initial, outcome, incident…); student notices carry no kind tag.
    this.configurationSet.addEventDestination('Metrics', {
      destination: ses.EventDestination.cloudWatchDimensions([{ name: 'kind', source: ses.CloudWatchDimensionSource.MESSAGE_TAG, defaultValue: 'student-notice' }]),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
        ses.EmailSendingEvent.DELIVERY_DELAY,
      ],
    });

    // A dedicated sending subdomain, signed with Easy DKIM (2048-bit), with its own MAIL FROM so SPF aligns too.
    this.mailFromDomain = `bounce.${config.mailDomain}`;
    this.emailIdentity = new ses.EmailIdentity(this, 'MailIdentity', {
      identity: ses.Identity.domain(config.mailDomain),
      configurationSet: this.configurationSet,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain: this.mailFromDomain,
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    // Identity and configuration set hold the DKIM keys and reputation: never deleted with a stack.
    this.emailIdentity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.configurationSet.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.dnsRecordOutputs(config);

    this.parameters = this.runtimeParameters(config);
    [this.backupVault, this.backupPlan] = this.backups(config);
  }

  /** A customer managed key with yearly rotation; `services` may use it from this account only. */
  private key(id: string, what: string, services: { principal: string; sourceArn?: string }[]): kms.Key {
    const key = new kms.Key(this, id, { enableKeyRotation: true, description: `exam-forms ${what}`, removalPolicy: RemovalPolicy.RETAIN });
    for (const { principal, sourceArn } of services) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(principal)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account }, ...(sourceArn ? { ArnLike: { 'aws:SourceArn': sourceArn } } : {}) },
        }),
      );
    }
    return key;
  }

  /**
   * Bounces and complaints of student e-mail, for the recipients' delivery states. A customer
   * managed key: SES can publish to an encrypted topic, and SNS write to an encrypted queue,
   * only if the key lets them. Nothing is dropped: what the function cannot record goes to a queue.
   */
  private deliveryEvents(): DeliveryEvents {
    const key = this.key('MailDeliveryEventsKey', 'SES delivery events', [
      {
        principal: 'ses.amazonaws.com',
        sourceArn: this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
      },
      { principal: 'sns.amazonaws.com', sourceArn: this.formatArn({ service: 'sns', resource: '*' }) },
    ]);
    const topic = new sns.Topic(this, 'MailDeliveryEvents', { enforceSSL: true, masterKey: key });
    const queue = (id: string) =>
      new sqs.Queue(this, id, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    const failed = queue('DeliveryEventsFailed');
    const undelivered = queue('DeliveryEventsUndelivered');
    // Where the redrive reads from (docs/operations.md, "Redriving delivery events").
    new CfnOutput(this, 'DeliveryEventsFailedQueueUrl', { value: failed.queueUrl });
    new CfnOutput(this, 'DeliveryEventsUndeliveredQueueUrl', { value: undelivered.queueUrl });
    new CfnOutput(this, 'DeliveryEventsTopicArn', { value: topic.topicArn });
    return { topic, key, failed, undelivered };
  }

  /** The records the university's DNS must hold for the sending subdomain (docs/operations.md, "DNS records"). */
  private dnsRecordOutputs(config: DeploymentConfig) {
    this.emailIdentity.dkimRecords.forEach((r, i) => new CfnOutput(this, `MailDkimRecord${i + 1}`, { value: `${r.name} CNAME ${r.value}` }));
    new CfnOutput(this, 'MailFromMxRecord', { value: `${this.mailFromDomain} MX 10 feedback-smtp.${this.region}.amazonses.com` });
    new CfnOutput(this, 'MailFromSpfRecord', { value: `${this.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"` });
    new CfnOutput(this, 'MailDmarcRecord', { value: `_dmarc.${config.mailDomain} TXT "v=DMARC1; p=quarantine; adkim=s; aspf=r"` });
  }

  /**
   * Approver mailboxes and exam periods in Parameter Store, so they can change without a deploy.
   * The context values are the first values; after that the parameters are the truth.
   */
  private runtimeParameters(config: DeploymentConfig): RuntimeParameters {
    const path = `/exam-forms/${config.stage}/`;
    const parameter = (id: string, name: string, value: string, description: string) =>
      new ssm.StringParameter(this, id, { parameterName: `${path}${name}`, stringValue: value, description, tier: ssm.ParameterTier.STANDARD });
    return {
      path,
      approversIT: parameter('ApproversIT', PARAMETER_NAMES.APPROVERS_IT, config.approversIT.join(','), 'Mailboxes of the IT approver group, comma-separated'),
      approversED: parameter('ApproversED', PARAMETER_NAMES.APPROVERS_ED, config.approversED.join(','), 'Mailboxes of the ED approver group, comma-separated'),
      examPeriods: parameter(
        'ExamPeriods',
        PARAMETER_NAMES.EXAM_PERIODS,
        config.examPeriods ?? JSON.stringify(DEFAULT_EXAM_PERIODS),
        'Main exam periods: JSON list of { name, from, to } (MM-DD or YYYY-MM-DD)',
      ),
    };
  }

  /**
   * AWS Backup of the table into a vault of its own, encrypted with its own key and locked:
   * in governance mode outside production, in compliance mode in production (after a grace
   * period in which the lock can still be changed). Optionally copied to a vault in another account.
   */
  private backups(config: DeploymentConfig & { env: StageEnvironment }): [backup.BackupVault, backup.BackupPlan] {
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: resourceName(config, 'backups'),
      encryptionKey: this.key('BackupKey', 'backups', []),
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: {
        minRetention: BACKUP_LOCK.min,
        maxRetention: BACKUP_LOCK.max,
        ...(config.env.production ? { changeableFor: BACKUP_LOCK.compliesAfter } : {}),
      },
    });
    const copyVault = config.backupCopyVaultArn ? backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', config.backupCopyVaultArn) : undefined;
    const plan = new backup.BackupPlan(this, 'BackupPlan', { backupPlanName: resourceName(config, 'table'), backupVault: vault });
    const rule = (ruleName: string, schedule: Schedule, deleteAfter: Duration) =>
      plan.addRule(
        new backup.BackupPlanRule({
          ruleName,
          scheduleExpression: schedule,
          scheduleExpressionTimezone: TimeZone.of('Europe/Oslo'),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(4),
          deleteAfter,
          copyActions: copyVault ? [{ destinationBackupVault: copyVault, deleteAfter }] : [],
        }),
      );
    rule('Daily', Schedule.cron({ hour: '2', minute: '0' }), BACKUP_RETENTION.daily);
    rule('Weekly', Schedule.cron({ weekDay: 'SUN', hour: '3', minute: '0' }), BACKUP_RETENTION.weekly);
    plan.addSelection('Table', { resources: [backup.BackupResource.fromArn(this.table.tableArn)] });
    return [vault, plan];
  }
}
