import { SfnTaskCallbacks } from '../../shared/adapters/sfn/task-callbacks';
import { sfn } from './sfn-client';

export const callbacks = new SfnTaskCallbacks(sfn);
