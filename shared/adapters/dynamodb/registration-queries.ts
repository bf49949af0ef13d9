import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ApproverGroup } from '../../contracts/registration';
import type { Incident } from '../../contracts/student-notices';
import type { DecidedRegistration, ListedRegistration, Page, QueueEntry, RegistrationQueries, RegistrationRecord } from '../../ports';
import {
  EXTRA_TIME_QUEUE_GSI_PK,
  INDEXES,
  META_SK,
  approvalRoundPrefix,
  courseExamStartRange,
  courseGsiPk,
  decidedGsiPk,
  examStartOfCourseKey,
  ownerGsiPk,
  queueGsiPk,
  registrationIdOf,
  registrationPk,
} from './keys';
import { type Item, batchGetAll, decodeCursor, encodeCursor, queryAll } from './operations';
import { copiedApprovals, copiedRehearsal, toApproval, toQueueEntry, toRegistrationRecord, withoutStorage } from './records';

/**
 * DynamoDB lists of registrations, each an index query: by owner (gsi1), by a group's queue
 * (gsi4, whose entries carry what the queue is sorted and filtered by; then one BatchGetItem of
 * a page's registrations), by the group's decisions (gsi2), by course and exam start (gsi3). Each registration item
 * carries a copy of its round's approvals, so a page costs the same few requests however many
 * items it holds; an item stored before the copy existed has its approvals read apart.
 */
export class DynamoRegistrationQueries implements RegistrationQueries {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listOwned(sub: string, opts: { limit: number; cursor?: string; status?: string; kind?: string }): Promise<Page<ListedRegistration>> {
    const index = INDEXES.byOwner;
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': ownerGsiPk(sub) };
    if (opts.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = opts.status;
    }
    if (opts.kind) {
      filters.push('kind = :kind');
      values[':kind'] = opts.kind;
    }
    const items: Item[] = [];
    let startKey = decodeCursor(opts.cursor, { attribute: index.partitionKey, value: ownerGsiPk(sub) });
    // A filtered query may return short pages; read on until the page is full or the partition ends.
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: `${index.partitionKey} = :pk`,
          ScanIndexForward: false,
          Limit: opts.limit - items.length,
          ExclusiveStartKey: startKey,
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < opts.limit);
    return { items: await this.listed(items), cursor: encodeCursor(startKey) };
  }

  /** One page of an index partition, in key order (newest first when `descending`). */
  private queryPartition(index: (typeof INDEXES)[keyof typeof INDEXES], pk: string, opts: { limit: number; cursor?: string; descending?: boolean }) {
    return this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: `${index.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: !opts.descending,
        Limit: opts.limit,
        ExclusiveStartKey: decodeCursor(opts.cursor, { attribute: index.partitionKey, value: pk }),
      }),
    );
  }

  /**
   * The whole queue of a group, up to `max`: its entries in the queue index (gsi4), which carry
   * the queue facts (about 300 bytes each, so one Query of up to 1 MB holds about 3,000; a longer
   * queue takes one more Query per MB). No registration is read here: `getListed` reads a page's.
   */
  async listQueue(group: ApproverGroup, opts: { max: number }): Promise<{ entries: QueueEntry[]; complete: boolean }> {
    const items: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.queryPartition(INDEXES.queue, queueGsiPk(group), { limit: opts.max + 1 - items.length, cursor });
      items.push(...(page.Items ?? []));
      cursor = encodeCursor(page.LastEvaluatedKey);
    } while (cursor && items.length <= opts.max);
    const entries = items.slice(0, opts.max).flatMap((item) => toQueueEntry(item) ?? []);
    return { entries, complete: items.length <= opts.max };
  }

  /** A page's registrations with their approvals: one BatchGetItem per 100. */
  async getListed(ids: readonly string[]): Promise<ListedRegistration[]> {
    return this.listed(await this.registrationItems(ids));
  }

  /** The group's decisions, newest first: the approval items (the index projects keys only) and their registrations, in one BatchGetItem per 50. */
  async listDecided(group: ApproverGroup, opts: { limit: number; cursor?: string }): Promise<Page<DecidedRegistration>> {
    const page = await this.queryPartition(INDEXES.decided, decidedGsiPk(group), { ...opts, descending: true });
    const entries = page.Items ?? [];
    const ids = [...new Set(entries.map((e) => registrationIdOf(e.pk as string)).filter((id): id is string => id !== null))];
    const read = await batchGetAll(this.db, this.tableName, [
      ...entries.map((e) => ({ pk: e.pk as string, sk: e.sk as string })),
      ...ids.map((id) => ({ pk: registrationPk(id), sk: META_SK })),
    ]);
    const byKey = new Map(read.map((i) => [`${i.pk as string}|${i.sk as string}`, i]));
    const registrations = new Map((await this.listed(read.filter((i) => i.sk === META_SK))).map((r) => [r.id, r]));
    const items = entries.flatMap((e) => {
      const approval = byKey.get(`${e.pk as string}|${e.sk as string}`);
      const registration = registrations.get(registrationIdOf(e.pk as string) ?? '');
      return approval && registration ? [{ registration, decision: toApproval(approval) }] : [];
    });
    return { items, cursor: encodeCursor(page.LastEvaluatedKey) };
  }

  /**
   * A Query of the course's index entries for those hours (and a day either side, keys.ts), the
   * entries kept to the instants asked by the start in their key, then their registrations (kept
   * to those instants again: the index can trail an item whose exam moved).
   */
  async listByCourse(code: string, examStarts: { from: string; to: string }): Promise<RegistrationRecord[]> {
    const index = INDEXES.byCourse;
    const { first, last } = courseExamStartRange(examStarts.from, examStarts.to);
    const [from, to] = [Date.parse(examStarts.from), Date.parse(examStarts.to)];
    const within = (start: number) => start >= from && start <= to;
    const entries = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: index.name,
      KeyConditionExpression: `${index.partitionKey} = :pk AND ${index.sortKey} BETWEEN :first AND :last`,
      ExpressionAttributeValues: { ':pk': courseGsiPk(code), ':first': first, ':last': last },
    });
    const asked = entries.filter((e) => within(examStartOfCourseKey(e[index.sortKey] as string)));
    return (await this.registrationItemsOf(asked)).map(toRegistrationRecord).filter((r) => within(Date.parse(r.form.exam.start)));
  }

  async incidentsAwaitingExtraTime(limit: number): Promise<{ registration: RegistrationRecord; incident: Incident }[]> {
    const page = await this.queryPartition(INDEXES.decided, EXTRA_TIME_QUEUE_GSI_PK, { limit });
    const entries = page.Items ?? [];
    // The index projects keys only: read the incidents themselves, and their registrations.
    const incidents = await batchGetAll(
      this.db,
      this.tableName,
      entries.map((e) => ({ pk: e.pk as string, sk: e.sk as string })),
    );
    const byKey = new Map(incidents.map((i) => [`${i.pk as string}|${i.sk as string}`, i]));
    const registrations = new Map((await this.registrationItemsOf(entries)).map(toRegistrationRecord).map((r) => [r.id, r]));
    return entries.flatMap((e) => {
      const item = byKey.get(`${e.pk as string}|${e.sk as string}`);
      const registration = registrations.get(registrationIdOf(e.pk as string) ?? '');
      const incident = item ? (withoutStorage(item) as Incident) : null;
      // An index entry can trail its item for a moment (eventually consistent): a decided incident is left out.
      return registration && incident && incident.extraTime === null ? [{ registration, incident }] : [];
    });
  }

  /** The registration items behind index entries (keys-only projections), in the entries' order. */
  private registrationItemsOf(entries: Item[]): Promise<Item[]> {
    return this.registrationItems(entries.map((i) => registrationIdOf(i.pk as string)).filter((id): id is string => id !== null));
  }

  /** Registration items by id, once each, in the order of `ids`. */
  private async registrationItems(all: readonly string[]): Promise<Item[]> {
    const ids = [...new Set(all)];
    const found = new Map(
      (
        await batchGetAll(
          this.db,
          this.tableName,
          ids.map((id) => ({ pk: registrationPk(id), sk: META_SK })),
        )
      ).map((i) => [i.id as string, i] as const),
    );
    return ids.map((id) => found.get(id)).filter((i): i is Item => Boolean(i));
  }

  /**
   * Registration items as a list shows them, with their approvals from their copy (or read apart,
   * for an item stored before the copy existed) and their rehearsal's copy, if one was recorded.
   */
  private listed(items: Item[]): Promise<ListedRegistration[]> {
    return Promise.all(
      items.map(async (item) => {
        const record = toRegistrationRecord(item);
        const rehearsal = copiedRehearsal(item);
        return { ...record, approvals: copiedApprovals(item) ?? (await this.approvalsOf(record)), ...(rehearsal ? { rehearsal } : {}) };
      }),
    );
  }

  private async approvalsOf(r: RegistrationRecord) {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': registrationPk(r.id), ':prefix': approvalRoundPrefix(r.round) },
      }),
    );
    return (out.Items ?? []).map(toApproval);
  }
}
