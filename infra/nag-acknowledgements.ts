import { DefaultStackSynthesizer, Stack, Token, Validations } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import type { WebSite } from './constructs/web-site';
import type { StatefulStack } from './stacks/stateful-stack';
import type { StatelessStack } from './stacks/stateless-stack';

const iam5 = (resource: string) => `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`;

/**
 * Every AwsSolutions finding we accept, each with its reason, named one by one. Anything
 * not listed here fails `cdk synth`.
 */
export const acknowledgeFindings = (stateful: StatefulStack, stateless: StatelessStack) => {
  const acks = Validations.of(stateless);

  acks.acknowledge({
    id: iam5('*'),
    reason: 'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions; this is the only "*" statement.',
  });

  const publicReasons: Record<string, string> = {
    '/openapi.json': 'The OpenAPI document describes the public contract and holds no data.',
    '/approval-links/{linkId}':
      'E-mail action links: the path carries a 256-bit single-use secret (stored hashed) bound to one group and round that expires with the decision deadline; GET changes nothing.',
    '/calendar/ics/{secret}':
      'iCalendar feeds for calendar apps, which cannot send a bearer token: the path carries a 256-bit secret (only its SHA-256 is stored) that its creator revokes; the feed shows only what the creator may see, read-only, rate-limited per feed and per route.',
  };
  for (const route of stateless.publicRoutes) {
    const reason = publicReasons[route.path];
    if (!reason) continue; // an unexplained public route stays a finding and fails the synth
    for (const c of route.constructs) Validations.of(c).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason });
  }

  acks.acknowledge({
    id: iam5(`arn:<AWS::Partition>:states:${resolved(stateless, 'region')}:${resolved(stateless, 'account')}:execution:${stateless.stateMachineName}:*`),
    reason: 'Cancelling stops the execution of one registration; execution names are only known at run time, the state machine is named.',
  });

  Validations.of(stateless.node.findChild('PageTokenKey')).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason:
      'The key only seals page tokens of GET /registrations (opaque cursors, never access): rotating it merely sends clients holding an old token back to the first page. It is rotated by replacing the secret in a deploy (docs/operations.md), not by a rotation function.',
  });

  Validations.of(stateless.node.findChild('DeploymentRole')).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
    reason:
      "CodeDeploy's own policy for Lambda deployments, limited by AWS to reading and moving aliases, reading alarms and invoking CodeDeployHook_* functions; AWS keeps it in step with what CodeDeploy calls.",
  });
  for (const queue of [stateful.delivery.failed, stateful.delivery.undelivered]) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter store (the on-failure destination of record-delivery-event, or the dead-letter queue of its SNS subscription); a dead-letter queue of its own would only move its messages further from the redrive.',
    });
  }
  Validations.of(stateful.backupPlan).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    reason:
      "AWS Backup's own service policy for taking backups (DynamoDB among many services), maintained by AWS as the service changes; the plan selects only the table.",
  });

  acknowledgeWebSite(stateless.webSite);
};

/** A stack's account or region as the finding spells it: the value, or the pseudo parameter when it is not known at synth. */
const resolved = (stack: Stack, what: 'account' | 'region') =>
  Token.isUnresolved(stack[what]) ? `<AWS::${what === 'account' ? 'AccountId' : 'Region'}>` : stack[what];

/** Findings on the web front end's distribution and on the BucketDeployment that uploads it. */
const acknowledgeWebSite = (site: WebSite) => {
  const stack = Stack.of(site);
  const distribution = Validations.of(site.distribution);
  distribution.acknowledge({
    id: 'AwsSolutions::AwsSolutions-CFR1',
    reason: 'Staff sign in from wherever they work or travel; access is controlled by OIDC sign-in and the API authorizer, not by country.',
  });
  distribution.acknowledge({
    id: 'AwsSolutions::AwsSolutions-CFR2',
    reason:
      'The distribution serves static files only (no data, no forms posted to it); a CloudFront WAF web ACL must live in us-east-1 and can be attached per deployment.',
  });
  if (!site.customDomain) {
    distribution.acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR4',
      reason:
        'Without a custom domain the default *.cloudfront.net certificate is used, whose TLS policy CloudFront fixes; with a domain the construct requires TLS 1.2 (TLSv1.2_2021).',
    });
  }

  const assetBucket = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${resolved(stack, 'account')}-${resolved(stack, 'region')}/*`;
  const content = stack.getLogicalId(site.bucket.node.defaultChild as CfnResource);
  // The deployments share one singleton handler; acknowledge on it (function, role and policy).
  const handler = site.deployments[0]?.handlerRole.node.scope;
  if (!handler) return;
  const acks = Validations.of(handler);
  const generated = 'Granted by BucketDeployment (aws-cdk-lib)';
  const findings: [string, string][] = [
    ['Action::s3:GetObject*', `${generated}: read the build from the CDK asset bucket.`],
    ['Action::s3:GetBucket*', `${generated}: read the build from the CDK asset bucket.`],
    ['Action::s3:List*', `${generated}: list the CDK asset bucket and the site's content bucket.`],
    ['Action::s3:DeleteObject*', `${generated}: replace files in the site's content bucket only.`],
    ['Action::s3:Abort*', `${generated}: abort multipart uploads to the site's content bucket only.`],
    [`Resource::<${content}.Arn>/*`, "Objects of the site's own content bucket, which holds nothing but the built app."],
    [`Resource::${assetBucket}`, "Objects of the CDK bootstrap asset bucket, read only; the build's object key is only known at deploy time."],
  ];
  for (const [finding, reason] of findings) acks.acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason });
  acks.acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: `${generated}: the handler writes its own logs; it runs only while deploying. The application's functions each have a role that may write to their own log group only.`,
  });
  acks.acknowledge({
    id: 'AwsSolutions::AwsSolutions-L1',
    reason: 'The BucketDeployment handler and its Python runtime are chosen by aws-cdk-lib; it runs only while deploying.',
  });
};
