import type { Node } from 'constructs';
import { z } from 'zod';

const emailList = z
  .string()
  .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
  .pipe(z.array(z.email()).min(1));

/** Where a stage deploys: an account and a region, always named; nothing falls back to the CLI's credentials. */
const EnvironmentSchema = z.strictObject({
  account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-north-1'),
  /** Production stacks get termination protection, gradual deployments and a compliance-mode backup vault lock. */
  production: z.boolean().default(false),
});
export type StageEnvironment = z.infer<typeof EnvironmentSchema>;

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
    mailDomain: z.string().min(3),
    approversIT: emailList,
    approversED: emailList,
    alarmEmail: z.email(),
    /** The web app's OIDC client id (a public client using PKCE); defaults to jwtAudience. */
    oidcClientId: z.string().min(1).optional(),
    /** Where the web front end is served, when not at its CloudFront address; used for links in e-mails and CORS. */
    appBaseUrl: z.url().optional(),
    examPeriods: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.environments[c.stage]) {
      ctx.addIssue({ code: 'custom', path: ['environments'], message: `has no account and region for stage "${c.stage}" (add examForms:environments.${c.stage} to cdk.json)` });
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
