import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApprovalLinkStore } from '../../shared/adapters/dynamodb/approval-link-store';
import { DynamoApprovalStore } from '../../shared/adapters/dynamodb/approval-store';
import { DynamoCalendarFeedStore } from '../../shared/adapters/dynamodb/calendar-feed-store';
import { DynamoCalendarStore } from '../../shared/adapters/dynamodb/calendar-store';
import { DynamoCatalogueStore } from '../../shared/adapters/dynamodb/catalogue-store';
import { DynamoCandidateStore } from '../../shared/adapters/dynamodb/candidate-store';
import { DynamoIncidentStore } from '../../shared/adapters/dynamodb/incident-store';
import { DynamoNoticeStore } from '../../shared/adapters/dynamodb/notice-store';
import { DynamoRateLimitStore } from '../../shared/adapters/dynamodb/rate-limit-store';
import { DynamoRegistrationQueries } from '../../shared/adapters/dynamodb/registration-queries';
import { DynamoRehearsalStore } from '../../shared/adapters/dynamodb/rehearsal-store';
import { DynamoRegistrationStore } from '../../shared/adapters/dynamodb/registration-store';
import { TableConfigSchema, parseEnv } from '../../shared/contracts/env';
import { traced } from './tracing';

/**
 * Created once per execution environment and reused across invocations. The endpoint
 * comes from the SDK's standard resolution (AWS_ENDPOINT_URL_DYNAMODB in local mode).
 * Each store is marked pure, so a function's bundle keeps only the stores it uses.
 */
export const ddb = DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
export const { TABLE_NAME } = parseEnv(TableConfigSchema);

export const registrations = /* @__PURE__ */ new DynamoRegistrationStore(ddb, TABLE_NAME);
export const queries = /* @__PURE__ */ new DynamoRegistrationQueries(ddb, TABLE_NAME);
/** Approvals and the claims of one-time e-mails. */
export const approvals = /* @__PURE__ */ new DynamoApprovalStore(ddb, TABLE_NAME);
export const links = /* @__PURE__ */ new DynamoApprovalLinkStore(ddb, TABLE_NAME);
export const incidents = /* @__PURE__ */ new DynamoIncidentStore(ddb, TABLE_NAME);
export const candidates = /* @__PURE__ */ new DynamoCandidateStore(ddb, TABLE_NAME);
export const notices = /* @__PURE__ */ new DynamoNoticeStore(ddb, TABLE_NAME);
/** Exams by the UTC dates they touch (month buckets) and the people on duty per group and date. */
export const calendar = /* @__PURE__ */ new DynamoCalendarStore(ddb, TABLE_NAME);
/** iCalendar feeds, by the hash of their secret and by their creator. */
export const feeds = /* @__PURE__ */ new DynamoCalendarFeedStore(ddb, TABLE_NAME);
export const rateLimits = /* @__PURE__ */ new DynamoRateLimitStore(ddb, TABLE_NAME);
/** The software catalogue: entries at their newest revision, and every revision. */
export const catalogue = /* @__PURE__ */ new DynamoCatalogueStore(ddb, TABLE_NAME);
/** Rehearsals of software exams. */
export const rehearsals = /* @__PURE__ */ new DynamoRehearsalStore(ddb, TABLE_NAME);
