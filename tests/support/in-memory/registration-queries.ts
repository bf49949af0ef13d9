import type { ApproverGroup } from '../../../shared/contracts/registration';
import type { Incident } from '../../../shared/contracts/student-notices';
import type { Approval } from '../../../shared/contracts/registration';
import type { DecidedRegistration, ListedRegistration, Page, QueueEntry, RegistrationQueries, RegistrationRecord } from '../../../shared/ports';
import { type Keyed, type WorldState, copy, decodeCursor, encodeCursor, readWindow } from './state';

/**
 * In-memory lists of registrations, read like DynamoRegistrationQueries reads its indexes:
 * - by owner, newest first (key `<createdAt>#<id>`); filters apply after `Limit`, so the store
 *   reads on until the page is full or the list ends;
 * - a group's queue, oldest first (key `<requestedAt>#<id>` of each pending approval), as the
 *   facts it is sorted and filtered by; a page's registrations are read apart (`getListed`);
 * - by course, by exam start, at most 100.
 * The lists by owner and by queue give each registration with its current round's approvals.
 * Cursors are opaque, name their list, and any other (forged, another owner's, another group's)
 * is refused with InvalidCursorError.
 */
export class InMemoryRegistrationQueries implements RegistrationQueries {
  constructor(private readonly s: WorldState) {}

  private records(): RegistrationRecord[] {
    return [...this.s.partitions.values()].flatMap((p) => (p.meta ? [p.meta] : []));
  }

  /** A registration with its current round's approvals, in the order of their keys (by group). */
  private listed(r: RegistrationRecord): ListedRegistration {
    const approvals = [...(this.s.peek(r.id)?.approvals.values() ?? [])]
      .map((row) => row.approval)
      .filter((a) => a.round === r.round)
      .sort((a, b) => (a.group < b.group ? -1 : 1));
    return copy({ ...r, approvals });
  }

  async listOwned(sub: string, opts: { limit: number; cursor?: string; status?: string; kind?: string }): Promise<Page<ListedRegistration>> {
    const list = `OWNER#${sub}`;
    const entries: Keyed<RegistrationRecord>[] = this.records()
      .filter((r) => r.owner.sub === sub)
      .map((r) => ({ key: `${r.createdAt}#${r.id}`, value: r }));
    const items: RegistrationRecord[] = [];
    let after = decodeCursor(opts.cursor, list);
    do {
      const page = readWindow(entries, after, opts.limit - items.length, 'desc');
      items.push(...page.values.filter((r) => (!opts.status || r.status === opts.status) && (!opts.kind || r.kind === opts.kind)));
      after = page.last;
    } while (after !== undefined && items.length < opts.limit);
    return { items: items.map((r) => this.listed(r)), cursor: encodeCursor(list, after) };
  }

  /** The entries carry the queue facts of their registration's round, as the queue index's do; no registration is listed here. */
  async listQueue(group: ApproverGroup, opts: { max: number }): Promise<{ entries: QueueEntry[]; complete: boolean }> {
    const entries: Keyed<string>[] = [...this.s.partitions.entries()].flatMap(([id, p]) =>
      [...p.approvals.values()]
        .filter((row) => row.approval.group === group && row.approval.state === 'PENDING')
        .map((row) => ({ key: `${row.approval.requestedAt}#${id}`, value: id })),
    );
    const page = readWindow(entries, undefined, opts.max, 'asc');
    const facts = this.registrationsOf(page.values).map((r): QueueEntry => ({
      id: r.id,
      kind: r.kind,
      round: r.round,
      derived: { studentInfoDueBy: r.derived.studentInfoDueBy },
      form: { exam: { start: r.form.exam.start, type: r.form.exam.type }, course: { code: r.form.course.code, name: r.form.course.name } },
    }));
    return { entries: facts, complete: entries.length <= opts.max };
  }

  async getListed(ids: readonly string[]): Promise<ListedRegistration[]> {
    if (ids.length > 100) throw new Error('A page of the queue reads at most 100 registrations');
    return this.registrationsOf([...ids]).map((r) => this.listed(r));
  }

  async listDecided(group: ApproverGroup, opts: { limit: number; cursor?: string }): Promise<Page<DecidedRegistration>> {
    const list = `DECIDED#${group}`;
    const entries: Keyed<{ id: string; decision: Approval }>[] = [...this.s.partitions.entries()].flatMap(([id, p]) =>
      [...p.approvals.values()].flatMap((row) =>
        row.approval.group === group && row.decided ? [{ key: row.decided, value: { id, decision: copy(row.approval) } }] : [],
      ),
    );
    const page = readWindow(entries, decodeCursor(opts.cursor, list), opts.limit, 'desc');
    const items = page.values.flatMap(({ id, decision }) => {
      const meta = this.s.peek(id)?.meta;
      return meta ? [{ registration: this.listed(copy(meta)), decision }] : [];
    });
    return { items, cursor: encodeCursor(list, page.last) };
  }

  async listByCourse(code: string, examStarts: { from: string; to: string }): Promise<RegistrationRecord[]> {
    const [from, to] = [Date.parse(examStarts.from), Date.parse(examStarts.to)];
    const within = (start: number) => start >= from && start <= to;
    const entries = this.records()
      .filter((r) => r.form.course.code === code && within(Date.parse(r.form.exam.start)))
      .map((r) => ({ key: `${r.form.exam.start}#${r.id}`, value: r.id }));
    return this.registrationsOf(readWindow(entries, undefined, entries.length, 'asc').values);
  }

  /** IT/ED incidents still waiting for their extra time, oldest first (key `<createdAt>#<id>#<incident>`), at most `limit`. */
  async incidentsAwaitingExtraTime(limit: number): Promise<{ registration: RegistrationRecord; incident: Incident }[]> {
    const entries = [...this.s.partitions.entries()].flatMap(([id, p]) =>
      p.meta ? p.incidents.filter((i) => i.route === 'IT_ED' && i.extraTime === null).map((i) => ({ key: `${i.createdAt}#${id}#${i.id}`, id, incident: i })) : [],
    );
    return entries
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, limit)
      .flatMap(({ id, incident }) => {
        const meta = this.s.peek(id)?.meta;
        return meta ? [{ registration: copy(meta), incident: copy(incident) }] : [];
      });
  }

  /** The registrations behind index entries, once each, in the entries' order. */
  private registrationsOf(ids: string[]): RegistrationRecord[] {
    return [...new Set(ids)].flatMap((id) => {
      const meta = this.s.peek(id)?.meta;
      return meta ? [copy(meta)] : [];
    });
  }
}
