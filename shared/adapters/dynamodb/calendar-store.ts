import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffingOverride } from '../../contracts/calendar';
import type { ApproverGroup } from '../../contracts/registration';
import type { CalendarStore, DayBooking, RegistrationRecord } from '../../ports';
import { examInterval, utcDatesTouched } from '../../rules/capacity';
import { META_SK, dayBucketPk, dayBucketSk, registrationPk, staffingAuditSk, staffingDateSk, staffingPk } from './keys';
import { type Item, type TransactItem, batchGetAll, queryAll } from './operations';
import { toRegistrationRecord, withoutStorage } from './records';

/**
 * Day buckets and staffing. An exam has a small item in the bucket of every UTC date its
 * interval touches (an exam over midnight is in both days); the registration store writes them
 * in the transactions that insert a registration, start a new round or revert one, the only
 * writes that change an exam's time. The status is read from the registration itself, so the
 * buckets never lag behind a decision.
 */

type BucketRecord = Pick<RegistrationRecord, 'id' | 'form' | 'derived' | 'owner'>;

const bookingOf = (r: BucketRecord): DayBooking & { dates: string[] } => {
  const { start, end } = examInterval(r.form.exam, r.derived.additionalMinutes);
  return {
    id: r.id,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    approvers: r.derived.approvers,
    ownerSub: r.owner.sub,
    dates: utcDatesTouched(start, end),
  };
};

const bucketKeys = (r: BucketRecord) => {
  const b = bookingOf(r);
  return b.dates.map((date) => ({ pk: dayBucketPk(date), sk: dayBucketSk(b.start, r.id) }));
};

/** The puts of a registration's day buckets, for the transaction that stores its exam. */
export const dayBucketPuts = (tableName: string, r: BucketRecord): TransactItem[] => {
  const { dates, ...booking } = bookingOf(r);
  return dates.map((date) => ({
    Put: { TableName: tableName, Item: { pk: dayBucketPk(date), sk: dayBucketSk(booking.start, r.id), type: 'day-bucket', ...booking } },
  }));
};

/** The deletes of a registration's day buckets. */
export const dayBucketDeletes = (tableName: string, r: BucketRecord): TransactItem[] => bucketKeys(r).map((Key) => ({ Delete: { TableName: tableName, Key } }));

/** Moves the buckets from one version of the exam to another: puts the new ones, deletes the old ones no longer wanted. */
export const dayBucketMoves = (tableName: string, from: BucketRecord, to: BucketRecord): TransactItem[] => {
  const kept = new Set(bucketKeys(to).map((k) => `${k.pk}|${k.sk}`));
  return [
    ...dayBucketPuts(tableName, to),
    ...bucketKeys(from)
      .filter((k) => !kept.has(`${k.pk}|${k.sk}`))
      .map((Key): TransactItem => ({ Delete: { TableName: tableName, Key } })),
  ];
};

/** Reads at most this many day buckets at once. */
const CONCURRENCY = 8;

export class DynamoCalendarStore implements CalendarStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async bookingsOn(utcDates: readonly string[]): Promise<DayBooking[]> {
    const dates = [...new Set(utcDates)];
    const found = new Map<string, DayBooking>();
    for (let i = 0; i < dates.length; i += CONCURRENCY) {
      const pages = await Promise.all(
        dates
          .slice(i, i + CONCURRENCY)
          .map((date) =>
            queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': dayBucketPk(date) } }),
          ),
      );
      for (const item of pages.flat()) {
        const b = withoutStorage(item) as unknown as DayBooking;
        found.set(b.id, { id: b.id, start: b.start, end: b.end, approvers: b.approvers, ownerSub: b.ownerSub });
      }
    }
    return [...found.values()];
  }

  async registrationsOf(ids: readonly string[]): Promise<RegistrationRecord[]> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(ids)].map((id) => ({ pk: registrationPk(id), sk: META_SK })),
    );
    return items.map(toRegistrationRecord);
  }

  async staffing(group: ApproverGroup, from: string, to: string): Promise<StaffingOverride[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': staffingPk(group), ':from': staffingDateSk(from), ':to': staffingDateSk(to) },
    });
    return items.map((i: Item) => withoutStorage(i) as StaffingOverride);
  }

  async setStaffing(o: StaffingOverride): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { pk: staffingPk(o.group), sk: staffingDateSk(o.date), type: 'staffing', ...o } } },
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: staffingPk(o.group), sk: staffingAuditSk(o.updatedAt, randomBytes(4).toString('hex')), type: 'staffing-audit', ...o },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }
}
