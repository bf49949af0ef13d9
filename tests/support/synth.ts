import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';

/**
 * Builds the app as `cdk synth` does, with the AwsSolutions checks on. Bundling is skipped
 * (the functions' code is not under test here; `npm run synth` bundles them).
 */
export const synthTemplates = () => {
  const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  const assembly = built.app.synth();
  return {
    ...built,
    assembly,
    data: Template.fromStack(built.stateful),
    api: Template.fromStack(built.stateless),
  };
};
