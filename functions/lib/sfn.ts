import { WorkflowConfigSchema, parseEnv } from '../../shared/contracts/env';
import { SfnWorkflowControl } from '../../shared/adapters/sfn/workflow-control';
import { sfn } from './sfn-client';

export const { STATE_MACHINE_ARN, STATE_MACHINE_ALIAS_ARN } = parseEnv(WorkflowConfigSchema);
/** New executions start on the alias (a deploy moves it); waiting ones keep the version they started on. */
export const workflow = new SfnWorkflowControl(sfn, STATE_MACHINE_ARN, STATE_MACHINE_ALIAS_ARN);
