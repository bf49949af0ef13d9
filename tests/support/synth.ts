import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';

const synthesize = () => {
  const built = buildApp({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const assembly = built.app.synth();
  return {
    ...built,
    assembly,
    data: Template.fromStack(built.stateful),
    api: Template.fromStack(built.stateless),
  };
};

let synthesized: ReturnType<typeof synthesize> | undefined;

/**
 * Builds the app as `cdk synth` does, with the AwsSolutions checks on. Bundling is skipped
 * (the functions' code is not under test here; `npm run synth` bundles them), and so is
 * aws-cdk-lib's built-in CloudFormation validation, about 6 s of CPU in each worker that runs
 * it: tests/infra/operations.test.ts runs it, on both stages, and asserts what it finds. The template
 * files only read the result, and share a worker's modules (vitest.config.ts), so a worker
 * synthesizes once for all of them.
 */
export const synthTemplates = () => {
  synthesized ??= synthesize();
  return synthesized;
};
