import { TaskCallbacks } from '../../shared/workflow/callbacks';
import { sfn } from './sfn';

export const callbacks = new TaskCallbacks(sfn);
