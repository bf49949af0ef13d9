import type { Node } from 'constructs';
import { z } from 'zod';

const emailList = z
  .string()
  .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
  .pipe(z.array(z.email()).min(1));

/** Deployment settings, read from CDK context (`cdk.json` or `-c examForms:key=value`) and validated. */
export const DeploymentConfigSchema = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/),
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
  /** R8: the planners' mailboxes, a JSON object department → address, and the default one. */
  planners: z.string().optional(),
  plannerDefault: z.email(),
  alarmEmail: z.email(),
  /** The web app's OIDC client id (a public client using PKCE); defaults to jwtAudience. */
  oidcClientId: z.string().min(1).optional(),
  /** Where the web front end is served, when not at its CloudFront address; used for links in e-mails and CORS. */
  appBaseUrl: z.url().optional(),
  examPeriods: z.string().optional(),
});
export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>;

export const readDeploymentConfig = (node: Node): DeploymentConfig => {
  const keys = Object.keys(DeploymentConfigSchema.shape);
  const raw = Object.fromEntries(keys.map((k) => [k, node.tryGetContext(`examForms:${k}`)]));
  const parsed = DeploymentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `examForms:${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new Error(`Invalid CDK context:\n  ${detail}`);
  }
  return parsed.data;
};
