import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../infra/app';
import { ENTRY_METADATA_KEY } from '../infra/constructs/app-function';

export type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };

export interface SynthesizedApp {
  dataTemplate: CfnTemplate;
  apiTemplate: CfnTemplate;
  /** Logical id of each function → its handler module (relative to functions/). */
  functionEntries: Record<string, string>;
  /** Logical id of each function with reserved concurrency → its limit. */
  reservedConcurrency: Record<string, number>;
}

/**
 * Synthesizes the CDK app in-process, exactly as `cdk synth` does but without bundling the
 * functions (local mode runs their sources), so local mode runs the deployed definitions.
 */
export const synthesizeApp = (): SynthesizedApp => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'exam-forms-synth-'));
  try {
    const { app, stateful, stateless } = buildApp({
      outdir,
      nag: false,
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const assembly = app.synth();
    const dataTemplate = assembly.getStackByName(stateful.stackName).template as CfnTemplate;
    const apiTemplate = assembly.getStackByName(stateless.stackName).template as CfnTemplate;
    const functionEntries: Record<string, string> = {};
    const reservedConcurrency: Record<string, number> = {};
    for (const [id, r] of Object.entries(apiTemplate.Resources)) {
      const entry = r.Metadata?.[ENTRY_METADATA_KEY];
      if (r.Type === 'AWS::Lambda::Function' && typeof entry === 'string') functionEntries[id] = entry;
      const reserved = r.Properties?.ReservedConcurrentExecutions;
      if (r.Type === 'AWS::Lambda::Function' && typeof reserved === 'number') reservedConcurrency[id] = reserved;
    }
    return { dataTemplate, apiTemplate, functionEntries, reservedConcurrency };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};
