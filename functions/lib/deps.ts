import { callbacks } from './callbacks';
import { now } from './clock';
import { approvals, links, registrations } from './dynamodb';

/** Dependencies of the routes that decide approvals (they resume the workflow's waiting step). */
export const decideDeps = { registrations, approvals, links, callbacks, now };
