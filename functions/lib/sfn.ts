import { SFNClient } from '@aws-sdk/client-sfn';
import { WorkflowConfigSchema, parseEnv } from '../../shared/config';
import { WorkflowStarter } from '../../shared/workflow/starter';

export const sfn = new SFNClient({});
export const { STATE_MACHINE_ARN } = parseEnv(WorkflowConfigSchema);
export const workflow = new WorkflowStarter(sfn, STATE_MACHINE_ARN);
