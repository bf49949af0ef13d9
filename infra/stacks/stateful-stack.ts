import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../config';

export interface StatefulStackProps extends StackProps {
  config: DeploymentConfig;
}

/**
 * Data and mail identity: the parts that must outlive any redeploy of the compute.
 * The table keeps registrations, approvals, history and recipients (single-table design,
 * keys in shared/registrations/keys.ts).
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly emailIdentity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly deliveryEventsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Personal data (candidate lists) carries an expiry and is deleted by DynamoDB after the exam.
      timeToLiveAttribute: 'expiresAt',
      globalSecondaryIndexes: [
        {
          indexName: 'gsi1',
          partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
          sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        },
        {
          indexName: 'gsi2',
          partitionKey: { name: 'gsi2pk', type: AttributeType.STRING },
          sortKey: { name: 'gsi2sk', type: AttributeType.STRING },
          projectionType: ProjectionType.KEYS_ONLY,
        },
        {
          indexName: 'gsi3',
          partitionKey: { name: 'gsi3pk', type: AttributeType.STRING },
          sortKey: { name: 'gsi3sk', type: AttributeType.STRING },
          projectionType: ProjectionType.KEYS_ONLY,
        },
      ],
    });

    this.configurationSet = new ses.ConfigurationSet(this, 'MailConfiguration', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    // Bounces and complaints of student e-mail, for the recipients' delivery states.
    // A customer managed key: SES can publish to an encrypted topic only if the key lets it.
    const eventsKey = new kms.Key(this, 'MailDeliveryEventsKey', { enableKeyRotation: true, description: 'exam-forms SES delivery events' });
    eventsKey.grant(new iam.ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.deliveryEventsTopic = new sns.Topic(this, 'MailDeliveryEvents', { enforceSSL: true, masterKey: eventsKey });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.deliveryEventsTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    this.emailIdentity = new ses.EmailIdentity(this, 'MailIdentity', {
      identity: ses.Identity.domain(props.config.mailDomain),
      configurationSet: this.configurationSet,
    });
  }
}
