import type { Node } from 'constructs';
import { z } from 'zod';

const emailList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.email()).min(1));

const hostname = z.string().regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case DNS name');

/** Where a stage deploys: an account and a region, always named; nothing falls back to the CLI's credentials. */
const EnvironmentSchema = z.strictObject({
  account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-north-1'),
  /** Production stacks get termination protection, gradual deployments and a compliance-mode backup vault lock. */
  production: z.boolean().default(false),
});
export type StageEnvironment = z.infer<typeof EnvironmentSchema>;

/**
 * Where alarms go besides e-mail: an AWS Chatbot channel, as `slack:<workspaceId>/<channelId>`
 * or `teams:<tenantId>/<teamId>/<channelId>`.
 */
const ChatChannelSchema = z.union([
  z
    .string()
    .regex(/^slack:[A-Z0-9]+\/[A-Z0-9]+$/)
    .transform((s) => {
      const [workspaceId, channelId] = s.slice('slack:'.length).split('/') as [string, string];
      return { kind: 'slack' as const, workspaceId, channelId };
    }),
  z
    .string()
    .regex(/^teams:[0-9a-f-]{36}\/[0-9a-f-]{36}\/[^/\s]+$/)
    .transform((s) => {
      const [tenantId, teamId, channelId] = s.slice('teams:'.length).split('/') as [string, string, string];
      return { kind: 'teams' as const, tenantId, teamId, channelId };
    }),
]);
export type ChatChannel = z.infer<typeof ChatChannelSchema>;

/** Deployment settings, read from CDK context (`cdk.json` or `-c examForms:key=value`) and validated. */
export const DeploymentConfigSchema = z
  .object({
    stage: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/),
    /** Account, region and kind of every stage, by stage name (`cdk.json`); the stage deployed must be listed. */
    environments: z.record(z.string(), EnvironmentSchema),
    jwtIssuer: z.url(),
    jwtAudience: z.string().min(1),
    /** Scopes a token must carry (at least one) on every authorized route; none by default. Comma-separated or a list. */
    jwtScopes: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean)),
    groupsClaim: z.string().min(1),
    mailFrom: z.email(),
    /**
     * The SES identity: a sending subdomain of the university's domain (`mail.exam.example.edu`),
     * never the whole domain, so its DKIM keys, MAIL FROM and reputation are this system's alone.
     */
    mailDomain: hostname.refine((d) => d.split('.').length >= 3, 'a dedicated sending subdomain (at least three labels), not the whole domain'),
    /** Messages per second the student-notice dispatcher sends at, across all executions: about 80 % of the account's SES maximum send rate. */
    mailSendRate: z.coerce.number().int().min(1).max(500).default(10),
    approversIT: emailList,
    approversED: emailList,
    /** R8: the planners' mailboxes, a JSON object department → address, and the default one. */
    planners: z.string().optional(),
    plannerDefault: z.email(),
    /** Mail domains (comma-separated; subdomains count) of staff contact addresses and of candidates' addresses. */
    staffMailDomains: z.string().min(3),
    studentMailDomains: z.string().min(3),
    alarmEmail: z.email(),
    /** A chat channel for alarms (AWS Chatbot). */
    alarmChat: ChatChannelSchema.optional(),
    /** An HTTPS endpoint of the on-call service (PagerDuty, Opsgenie…) subscribed to the alarm topic. */
    alarmOnCallUrl: z.url({ protocol: /^https$/ }).optional(),
    /** The OIDC client id of the web app (a public client using PKCE); defaults to jwtAudience. */
    oidcClientId: z.string().min(1).optional(),
    /** Where the web front end is served, when not at its own domain or CloudFront address; used for links in e-mails and CORS. */
    appBaseUrl: z.url().optional(),
    /** The web front end's own domain (`exam.example.edu`); needs siteCertificateArn, from the stage's certificate stack in us-east-1. */
    siteDomain: hostname.optional(),
    siteCertificateArn: z
      .string()
      .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'an ACM certificate ARN in us-east-1 (CloudFront only uses certificates there)')
      .optional(),
    /** The API's own domain (`api.exam.example.edu`); its certificate is issued in the stage's region, validated by DNS. */
    apiDomain: hostname.optional(),
    /** A backup vault in another account that every recovery point is copied to. */
    backupCopyVaultArn: z
      .string()
      .regex(/^arn:aws:backup:[a-z0-9-]+:\d{12}:backup-vault:[\w.-]+$/)
      .optional(),
    /** The cost-allocation tag `cost-center` on every resource. */
    costCenter: z.string().min(1).max(256).optional(),
    examPeriods: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.environments[c.stage]) {
      ctx.addIssue({
        code: 'custom',
        path: ['environments'],
        message: `has no account and region for stage "${c.stage}" (add examForms:environments.${c.stage} to cdk.json)`,
      });
    }
    if (c.mailFrom.split('@')[1] !== c.mailDomain) {
      ctx.addIssue({ code: 'custom', path: ['mailFrom'], message: `must be an address at mailDomain (${c.mailDomain}), the identity SES signs for` });
    }
  });
export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>;

export const readDeploymentConfig = (node: Node): DeploymentConfig & { env: StageEnvironment } => {
  const keys = Object.keys(DeploymentConfigSchema.shape);
  const raw = Object.fromEntries(keys.map((k) => [k, node.tryGetContext(`examForms:${k}`)]));
  const parsed = DeploymentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `examForms:${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`Invalid CDK context:\n  ${detail}`);
  }
  return { ...parsed.data, env: parsed.data.environments[parsed.data.stage] as StageEnvironment };
};

/** Names of resources that carry one: `exam-forms-<stage>-<what>`. */
export const resourceName = (config: Pick<DeploymentConfig, 'stage'>, what: string) => `exam-forms-${config.stage}-${what}`;
