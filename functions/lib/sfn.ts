import { WorkflowConfigSchema, parseEnv } from '../../shared/config';
import { WorkflowStarter } from '../../shared/workflow/starter';
import { sfn } from './sfn-client';

export const { STATE_MACHINE_ARN } = parseEnv(WorkflowConfigSchema);
export const workflow = new WorkflowStarter(sfn, STATE_MACHINE_ARN);
