import { App, type AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';

/** How the tests synthesize: without aws-cdk-lib's CloudFormation validation (see below). */
const TEST_SYNTHESIS = { builtinCloudFormationValidation: false } as const;

/** An empty app for a test's own stack, synthesized as the tests synthesize. */
export const testApp = (props: AppProps = {}) => new App({ ...TEST_SYNTHESIS, ...props });

/** How the tests build the app: as they synthesize, and without bundling. */
const testBuild = (nag: boolean, context: Record<string, unknown> = {}) =>
  buildApp({ nag, ...TEST_SYNTHESIS, context: { 'aws:cdk:bundling-stacks': [], ...context } });

/** The app built with `context` over cdk.json's, without cdk-nag, and its API stack's template: for a test of one setting. */
export const synthWith = (context: Record<string, unknown> = {}) => {
  const built = testBuild(false, context);
  return { ...built, api: Template.fromStack(built.stateless) };
};

const synthesize = () => {
  const built = testBuild(true);
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
