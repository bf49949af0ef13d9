import { SFNClient } from '@aws-sdk/client-sfn';
import { traced } from './tracing';

/** The Step Functions client alone: task functions that only resume steps need no state machine ARN. */
export const sfn = traced(new SFNClient({}));
