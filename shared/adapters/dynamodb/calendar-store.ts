import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffingOverride } from '../../contracts/calendar';
import type { ApproverGroup } from '../../contracts/registration';
import type { CalendarStore, DayBooking, RegistrationRecord } from '../../ports';
import { examInterval, utcDatesTouched } from '../../rules/capacity';
import {
  META_SK,
  calendarEntryDateOf,
  calendarEntryRange,
  calendarEntrySk,
  calendarMonthOf,
  calendarMonthPk,
  registrationPk,
  staffingAuditSk,
  staffingDateSk,
  staffingPk,
} from './keys';
import { type Item, type TransactItem, batchGetAll, queryAll } from './operations';
import { toRegistrationRecord, withoutStorage } from './records';

/**
 * Month buckets and staffing. An exam has a small entry for every UTC date its interval
 * touches (an exam over midnight has two), in the partition of that date's month, sorted by the
 * date (keys.ts); the registration store writes them in the transactions that insert a
 * registration, start a new round or revert one, the only writes that change an exam's time.
 * The status is read from the registration itself, so the entries never lag behind a decision.
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

/** The item type of a calendar entry. */
export const CALENDAR_ENTRY_TYPE = 'month-bucket';

/** The key of a booking's entry for one UTC date. */
export const calendarEntryKey = (utcDate: string, booking: Pick<DayBooking, 'start' | 'id'>) => ({
  pk: calendarMonthPk(utcDate),
  sk: calendarEntrySk(utcDate, booking.start, booking.id),
});

const bucketKeys = (r: BucketRecord) => {
  const b = bookingOf(r);
  return b.dates.map((date) => calendarEntryKey(date, b));
};

/** The puts of a registration's calendar entries, for the transaction that stores its exam. */
export const calendarEntryPuts = (tableName: string, r: BucketRecord): TransactItem[] => {
  const { dates, ...booking } = bookingOf(r);
  return dates.map((date) => ({
    Put: { TableName: tableName, Item: { ...calendarEntryKey(date, booking), type: CALENDAR_ENTRY_TYPE, ...booking } },
  }));
};

/** The deletes of a registration's calendar entries. */
export const calendarEntryDeletes = (tableName: string, r: BucketRecord): TransactItem[] => bucketKeys(r).map((Key) => ({ Delete: { TableName: tableName, Key } }));

/** Moves the entries from one version of the exam to another: puts the new ones, deletes the old ones no longer wanted. */
export const calendarEntryMoves = (tableName: string, from: BucketRecord, to: BucketRecord): TransactItem[] => {
  const kept = new Set(bucketKeys(to).map((k) => `${k.pk}|${k.sk}`));
  return [
    ...calendarEntryPuts(tableName, to),
    ...bucketKeys(from)
      .filter((k) => !kept.has(`${k.pk}|${k.sk}`))
      .map((Key): TransactItem => ({ Delete: { TableName: tableName, Key } })),
  ];
};

/** Reads at most this many months at once. */
const CONCURRENCY = 8;

/** The asked dates by month, each month with the first and last of its dates (`yyyy-mm-dd` sorts as it reads). */
const monthRanges = (dates: readonly string[]) => {
  const months = new Map<string, { from: string; to: string }>();
  for (const date of dates) {
    const range = months.get(calendarMonthOf(date));
    if (!range) months.set(calendarMonthOf(date), { from: date, to: date });
    else if (date < range.from) range.from = date;
    else if (date > range.to) range.to = date;
  }
  return [...months.values()];
};

export class DynamoCalendarStore implements CalendarStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * One Query per month the dates fall in, over the entries from its first to its last asked
   * date: a page of exams on 100 different days costs the months they span, not the days. Entries
   * of dates in between that were not asked are read and left out.
   */
  async bookingsOn(utcDates: readonly string[]): Promise<DayBooking[]> {
    const dates = new Set(utcDates);
    const ranges = monthRanges([...dates]);
    const found = new Map<string, DayBooking>();
    for (let i = 0; i < ranges.length; i += CONCURRENCY) {
      const pages = await Promise.all(
        ranges.slice(i, i + CONCURRENCY).map(({ from, to }) => {
          const [first, last] = calendarEntryRange(from, to);
          return queryAll(this.db, {
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
            ExpressionAttributeValues: { ':pk': calendarMonthPk(from), ':first': first, ':last': last },
          });
        }),
      );
      for (const item of pages.flat()) {
        if (!dates.has(calendarEntryDateOf(item.sk as string))) continue;
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
