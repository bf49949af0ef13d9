import { TaskCallbacks } from '../../shared/workflow/callbacks';
import { sfn } from './sfn-client';

export const callbacks = new TaskCallbacks(sfn);
