import { WorkflowConfigSchema, parseEnv } from '../../shared/contracts/env';
import { SfnWorkflowControl } from '../../shared/adapters/sfn/workflow-control';
import { sfn } from './sfn-client';

export const { STATE_MACHINE_ARN } = parseEnv(WorkflowConfigSchema);
export const workflow = new SfnWorkflowControl(sfn, STATE_MACHINE_ARN);
