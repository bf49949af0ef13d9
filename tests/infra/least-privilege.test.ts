import { beforeAll, describe, expect, it } from 'vitest';
import { synthTemplates } from '../support/synth';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let t: ReturnType<typeof synthTemplates>;
let statements: { policy: string; statement: Statement }[];
beforeAll(() => {
  t = synthTemplates();
  statements = Object.entries(t.api.findResources('AWS::IAM::Policy'))
    // The web site's BucketDeployment handler is aws-cdk-lib's; its findings are acknowledged one by one.
    .filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'))
    .flatMap(([policy, p]) => (p.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({ policy, statement })));
});

const actionsOf = (s: Statement) => ([] as string[]).concat(s.Action);
const resourcesOf = (s: Statement) => ([] as unknown[]).concat(s.Resource);
const hasWildcard = (r: unknown) => JSON.stringify(r).includes('*');

/**
 * The only statements of the application's roles whose resources contain "*", each for a reason
 * IAM leaves no choice about. Anything else with a wildcard fails.
 */
const ALLOWED_WILDCARDS: { why: string; matches: (s: Statement) => boolean }[] = [
  {
    why: 'X-Ray (tracing) has no resource-level permissions',
    matches: (s) => actionsOf(s).every((a) => a.startsWith('xray:')) && JSON.stringify(s.Resource) === '"*"',
  },
  {
    why: 'CloudWatch Logs delivery for state machine logging has no resource-level permissions',
    matches: (s) =>
      actionsOf(s).every((a) => /^logs:(\w+LogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/.test(a)) &&
      JSON.stringify(s.Resource) === '"*"',
  },
  {
    why: 'the state machine invokes a named function and its published versions (<function ARN>:*)',
    matches: (s) => {
      const [fn, versions, ...rest] = resourcesOf(s) as Record<string, unknown>[];
      return (
        JSON.stringify(s.Action) === '"lambda:InvokeFunction"' && rest.length === 0 && JSON.stringify(versions) === JSON.stringify({ 'Fn::Join': ['', [fn, ':*']] })
      );
    },
  },
  {
    why: 'cancelling stops an execution of the one approval state machine; execution names are made at run time',
    matches: (s) => JSON.stringify(s.Action) === '"states:StopExecution"' && JSON.stringify(s.Resource).includes(`:execution:${t.stateless.stateMachineName}:*`),
  },
];

describe('IAM statements of the application', () => {
  it('name their resources: every wildcard is one IAM cannot avoid', () => {
    const unexplained = statements
      .filter(({ statement }) => resourcesOf(statement).some(hasWildcard))
      .filter(({ statement }) => !ALLOWED_WILDCARDS.some((w) => w.matches(statement)));
    expect(unexplained).toEqual([]);
  });

  it('never grant data or mail access on "*": table, index, identity and state machine are named', () => {
    const dataActions = /^(dynamodb|ses|states|sns|kms):/;
    const broad = statements.filter(
      ({ statement }) => actionsOf(statement).some((a) => dataActions.test(a) && a !== 'states:StopExecution') && resourcesOf(statement).some(hasWildcard),
    );
    expect(broad).toEqual([]);
  });

  it('allow only, and never an action wildcard like dynamodb:*', () => {
    for (const { statement } of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const a of actionsOf(statement)) expect(a).not.toMatch(/^[a-z0-9-]+:\*$/);
    }
  });
});
