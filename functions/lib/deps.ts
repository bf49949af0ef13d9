import { callbacks } from './callbacks';
import { now } from './clock';
import { repository } from './dynamodb';

/** Dependencies of the routes that decide approvals (they resume the workflow's waiting step). */
export const decideDeps = { repo: repository, callbacks, now };
