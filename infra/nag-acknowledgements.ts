import { Token, Validations } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import type { StatefulStack } from './stacks/stateful-stack';
import type { StatelessStack } from './stacks/stateless-stack';

const iam5 = (resource: string) => `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`;

/**
 * Every AwsSolutions finding we accept, each with its reason, named one by one. Anything
 * not listed here fails `cdk synth`.
 */
export const acknowledgeFindings = (_stateful: StatefulStack, stateless: StatelessStack) => {
  const acks = Validations.of(stateless);

  acks.acknowledge({
    id: iam5('*'),
    reason: 'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions; this is the only "*" statement.',
  });

  for (const [id, fn] of Object.entries(stateless.functions)) {
    const logicalId = stateless.getLogicalId(fn.node.defaultChild as CfnResource);
    acks.acknowledge({
      id: iam5(`<${logicalId}.Arn>:*`),
      reason: `The state machine may invoke any published version of ${id}; the function itself is named.`,
    });
  }

  const region = Token.isUnresolved(stateless.region) ? '<AWS::Region>' : stateless.region;
  acks.acknowledge({
    id: iam5(`arn:<AWS::Partition>:states:${region}:<AWS::AccountId>:execution:${stateless.stateMachineName}:*`),
    reason: 'Cancelling stops the execution of one registration; execution names are only known at run time, the state machine is named.',
  });

  acks.acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The basic execution policy only allows writing to CloudWatch Logs; each function has its own log group with a retention.',
  });
};
