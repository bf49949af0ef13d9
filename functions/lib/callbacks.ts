import { TaskCallbacks } from '../../shared/adapters/sfn/task-callbacks';
import { sfn } from './sfn-client';

export const callbacks = new TaskCallbacks(sfn);
