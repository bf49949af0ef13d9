import type { StaffingOverride } from '../../../shared/contracts/calendar';
import type { ApproverGroup } from '../../../shared/contracts/registration';
import type { CalendarStore, DayBooking, RegistrationRecord } from '../../../shared/ports';
import { examInterval, utcDatesTouched } from '../../../shared/rules/capacity';
import { type WorldState, copy } from './state';

/**
 * The in-memory calendar. The table keeps month buckets written with the registration's exam;
 * here the bookings are derived from the registrations as stored, which is what those buckets hold
 * (the same UTC dates, the approvers and owner as written with the exam).
 */
export class InMemoryCalendarStore implements CalendarStore {
  constructor(private readonly s: WorldState) {}

  async bookingsOn(utcDates: readonly string[]): Promise<DayBooking[]> {
    const wanted = new Set(utcDates);
    const out: DayBooking[] = [];
    for (const p of this.s.partitions.values()) {
      const r = p.meta;
      if (!r) continue;
      const { start, end } = examInterval(r.form.exam, r.derived.additionalMinutes);
      if (!utcDatesTouched(start, end).some((d) => wanted.has(d))) continue;
      out.push({ id: r.id, start: new Date(start).toISOString(), end: new Date(end).toISOString(), approvers: [...r.derived.approvers], ownerSub: r.owner.sub });
    }
    return out;
  }

  async registrationsOf(ids: readonly string[]): Promise<RegistrationRecord[]> {
    return [...new Set(ids)].flatMap((id) => {
      const meta = this.s.peek(id)?.meta;
      return meta ? [copy(meta)] : [];
    });
  }

  async staffing(group: ApproverGroup, from: string, to: string): Promise<StaffingOverride[]> {
    return [...this.s.staffing.values()].filter((o) => o.group === group && o.date >= from && o.date <= to).map(copy);
  }

  async setStaffing(override: StaffingOverride): Promise<void> {
    this.s.staffing.set(`${override.group}#${override.date}`, copy(override));
    this.s.staffingAudit.push(copy(override));
  }
}
