import { readFileSync } from 'node:fs';
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentConfig } from './config';
import { acknowledgeFindings } from './nag-acknowledgements';
import { SiteCertificateStack } from './stacks/site-certificate-stack';
import { StatefulStack } from './stacks/stateful-stack';
import { StatelessStack } from './stacks/stateless-stack';

export interface BuildOptions extends AppProps {
  /** Run the AwsSolutions rule pack (always on for `cdk synth`). */
  nag?: boolean;
}

/** Builds the whole app. `cdk synth` (infra/main.ts), the infrastructure tests and local mode share it. */
export const buildApp = (options: BuildOptions = {}) => {
  const { nag = true, ...appProps } = options;
  // The CLI passes cdk.json's context itself (and lets -c override it); tests and local mode
  // build the app directly, so they read the same file.
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as { context?: Record<string, unknown> };
  const app = new App({ ...appProps, context: { ...cdkJson.context, ...appProps.context } });
  const config = readDeploymentConfig(app.node);
  // The stage's own account and region, named in cdk.json: never whatever the CLI's credentials point at.
  const env = { account: config.env.account, region: config.env.region };
  const terminationProtection = config.env.production;
  const prefix = `ExamForms-${config.stage}`;

  Tags.of(app).add('project', 'exam-forms');
  Tags.of(app).add('stage', config.stage);
  Tags.of(app).add('environment', config.env.production ? 'production' : 'non-production');
  if (config.costCenter) Tags.of(app).add('cost-center', config.costCenter);

  const stateful = new StatefulStack(app, `${prefix}-Data`, {
    env,
    terminationProtection,
    config,
    description: `exam-forms ${config.stage}: data and mail identity`,
  });
  const siteCertificate = config.siteDomain
    ? new SiteCertificateStack(app, `${prefix}-SiteCertificate`, {
        env: { account: env.account, region: 'us-east-1' },
        terminationProtection,
        siteDomain: config.siteDomain,
        description: `exam-forms ${config.stage}: the web site's certificate (CloudFront reads it from us-east-1)`,
      })
    : undefined;
  const stateless = new StatelessStack(app, `${prefix}-Api`, {
    env,
    terminationProtection,
    config,
    table: stateful.table,
    tableKey: stateful.tableKey,
    emailIdentity: stateful.emailIdentity,
    configurationSet: stateful.configurationSet,
    delivery: stateful.delivery,
    parameters: stateful.parameters,
    description: `exam-forms ${config.stage}: API, functions and approval workflow`,
  });
  if (nag) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    acknowledgeFindings(stateful, stateless);
  }
  return { app, config, stateful, stateless, siteCertificate };
};
