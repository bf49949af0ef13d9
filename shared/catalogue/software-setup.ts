import { AllowListQuerySchema, type SeatWarning, type SoftwareSetup } from '../contracts/catalogue';
import { parseInput } from '../contracts/parse';
import type { RegistrationInput } from '../contracts/registration';
import { ConflictError } from '../errors';
import type { CalendarStore, CatalogueStore, Clock, RegistrationStore, RehearsalStore, StoredRegistration } from '../ports';
import { choicesOf, revisionOfItem, revisionsNamed } from '../read-models/catalogue-choices';
import { approverGroupsOf, assertCanView, isOwner } from '../rules/access';
import { examInterval, utcDatesTouched } from '../rules/capacity';
import { localDate } from '../rules/exam-rules';
import type { Principal } from '../rules/principal';
import { type SeatUse, allowListOf, allowListPlist, allowListText, rehearsalOf, seatCount } from '../rules/software-setup';
import { entryOf } from './catalogue';

export interface SetupDeps {
  registrations: RegistrationStore;
  catalogue: CatalogueStore;
  calendar: CalendarStore;
  rehearsals: RehearsalStore;
  now: Clock;
  timeZone: string;
}

const seatUseOf = (r: Pick<StoredRegistration, 'id' | 'status' | 'form' | 'derived'>): SeatUse => ({
  id: r.id,
  status: r.status,
  candidates: r.form.exam.candidates,
  ...examInterval(r.form.exam, r.derived.additionalMinutes),
});

const usesEntry = (form: RegistrationInput, entryId: string) => choicesOf(form).some((c) => c.entryId === entryId);

/**
 * The licence seats of each catalogue entry with a seat count that the request names: the exams
 * that overlap this one (from the calendar's bookings, as capacity reads them) and name the same entry,
 * approved or pending, counted at their peak.
 */
const seatsOf = async (deps: SetupDeps, r: StoredRegistration, revisions: Awaited<ReturnType<typeof revisionsNamed>>): Promise<SeatWarning[]> => {
  const limited = [...new Map([...revisions.values()].filter((e) => e.licence.seats !== null).map((e) => [e.id, e] as const)).values()];
  if (limited.length === 0) return [];
  const self = seatUseOf(r);
  const bookings = await deps.calendar.bookingsOn(utcDatesTouched(self.start, self.end));
  const overlapping = bookings.filter((b) => b.id !== r.id && b.approvers.includes('IT') && Date.parse(b.start) < self.end && Date.parse(b.end) > self.start);
  const others = (await deps.calendar.registrationsOf([...new Set(overlapping.map((b) => b.id))])).filter((o) => o.form.kind === 'software');
  return limited.map((entry) => {
    const seats = entry.licence.seats as number;
    const c = seatCount(self, others.filter((o) => usesEntry(o.form, entry.id)).map(seatUseOf));
    const overbooked = c.committedPeak > seats;
    const short = c.tentativePeak > seats;
    return {
      entryId: entry.id,
      name: entry.name,
      seats,
      demand: self.candidates,
      ...c,
      overbooked,
      summary: overbooked
        ? `Not enough seats: ${entry.name} has ${seats} licence seats; with this exam ${c.committedPeak} candidates would use it at once.`
        : short
          ? `Seats may run out: ${entry.name} has ${seats} licence seats; with the pending exams ${c.tentativePeak} candidates would use it at once.`
          : null,
    };
  });
};

/** Use case: GET /registrations/{id}/software-setup: the catalogue revisions named, seats (for its IT approvers) and the allow-list. */
export const getSoftwareSetup = async (deps: SetupDeps, principal: Principal, id: string): Promise<SoftwareSetup> => {
  const r = assertCanView(principal, await deps.registrations.get(id), id);
  const revisions = await revisionsNamed(deps.catalogue, choicesOf(r.form));
  const added = new Map(
    r.history
      .filter((h) => h.action === 'ADDED_TO_CATALOGUE')
      .flatMap((h) => (Array.isArray(h.details?.entries) ? (h.details.entries as { software: number; entryId: string; revision: number }[]) : []))
      .map((e) => [e.software, { entryId: e.entryId, revision: e.revision }]),
  );
  const software = r.form.kind === 'software' ? r.form.software : [];
  const items = software.map((item, i) => {
    const revision = revisionOfItem(revisions, item);
    return { software: i, name: item.name, entry: revision ? entryOf(revision) : null, addedToCatalogue: added.get(i) ?? null };
  });
  const allowList = r.form.exam.type === 'school' ? allowListOf(r.form, (item) => revisionOfItem(revisions, item)) : null;
  // Seats tell of other registrations: only the registration's IT approvers see them, as with capacity.
  const seats = approverGroupsOf(principal, r).includes('IT') ? await seatsOf(deps, r, revisions) : undefined;
  const rehearsal = r.form.kind === 'software' ? rehearsalOf(r.form.exam, await deps.rehearsals.get(id), localDate(deps.now(), deps.timeZone), deps.timeZone) : null;
  return { items, allowList, rehearsal, ...(seats ? { seats } : {}) };
};

/**
 * Use case: GET /registrations/{id}/seb-allow-list?format=text|seb. A school exam's allow-list for
 * download: its approvers any time (to check it before approving), its owner once it is approved.
 */
export const getAllowList = async (
  deps: Pick<SetupDeps, 'registrations' | 'catalogue'>,
  principal: Principal,
  id: string,
  query: unknown,
): Promise<{ format: 'text' | 'seb'; body: string; filename: string }> => {
  const { format } = parseInput(AllowListQuerySchema, query);
  const r = assertCanView(principal, await deps.registrations.get(id), id);
  if (r.form.exam.type !== 'school') throw new ConflictError('Safe Exam Browser is used on school exams only; a home exam has no allow-list');
  if (approverGroupsOf(principal, r).length === 0 && isOwner(principal, r) && r.status !== 'APPROVED')
    throw new ConflictError('The allow-list can be downloaded once the request is approved', 'NOT_APPROVED');
  const revisions = await revisionsNamed(deps.catalogue, choicesOf(r.form));
  const rules = allowListOf(r.form, (item) => revisionOfItem(revisions, item));
  const title = `${r.form.course.code} ${r.form.exam.start}`;
  const filename = `seb-allow-list-${r.form.course.code}-${r.form.exam.start.slice(0, 10)}`;
  return format === 'seb'
    ? { format, body: allowListPlist(rules), filename: `${filename}.seb.plist` }
    : { format, body: allowListText(title, rules), filename: `${filename}.txt` };
};
