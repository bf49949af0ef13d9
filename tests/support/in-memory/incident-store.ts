import type { HistoryEntry } from '../../../shared/contracts/registration';
import type { Incident } from '../../../shared/contracts/student-notices';
import type { IncidentStore } from '../../../shared/ports';
import { type WorldState, copy, insertHistory, transactionCanceled } from './state';

/** In-memory incidents, each written with its history entry; the extra time is recorded once. */
export class InMemoryIncidentStore implements IncidentStore {
  constructor(private readonly s: WorldState) {}

  async put(id: string, incident: Incident, entry: HistoryEntry): Promise<void> {
    const p = this.s.partition(id);
    if (p.incidents.some((i) => i.id === incident.id && i.createdAt === incident.createdAt)) throw transactionCanceled(['ConditionalCheckFailed', 'None']);
    p.incidents.push(copy(incident));
    insertHistory(p, entry);
  }

  async setExtraTime(id: string, incident: Incident, extraTime: NonNullable<Incident['extraTime']>, entry: HistoryEntry): Promise<boolean> {
    await this.s.hooks.run('incidents.setExtraTime');
    const p = this.s.peek(id);
    const stored = p?.incidents.find((i) => i.id === incident.id && i.createdAt === incident.createdAt);
    if (!p || !stored || stored.extraTime !== null) return false;
    stored.extraTime = copy(extraTime);
    insertHistory(p, entry);
    return true;
  }
}
