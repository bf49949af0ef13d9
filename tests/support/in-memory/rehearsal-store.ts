import type { HistoryEntry } from '../../../shared/contracts/registration';
import type { RehearsalRecord, RehearsalStore } from '../../../shared/ports';
import { type WorldState, copy, insertHistory } from './state';

/** In-memory RehearsalStore: one record per registration, written with its history entry. */
export class InMemoryRehearsalStore implements RehearsalStore {
  private readonly records = new Map<string, RehearsalRecord>();

  constructor(private readonly s: WorldState) {}

  async get(registrationId: string): Promise<RehearsalRecord | null> {
    const r = this.records.get(registrationId);
    return r ? copy(r) : null;
  }

  async record(registrationId: string, rehearsal: RehearsalRecord, entry: HistoryEntry): Promise<void> {
    this.records.set(registrationId, copy(rehearsal));
    insertHistory(this.s.partition(registrationId), entry);
  }
}
