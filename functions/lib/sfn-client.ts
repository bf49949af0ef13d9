import { SFNClient } from '@aws-sdk/client-sfn';

/** The Step Functions client alone: task functions that only resume steps need no state machine ARN. */
export const sfn = new SFNClient({});
