import { recipientHash } from '../../../shared/adapters/dynamodb/keys';
import type { Candidate } from '../../../shared/contracts/student-notices';
import type { CandidateListInfo, CandidateStore } from '../../../shared/ports';
import { type CandidateRow, type WorldState, copy } from './state';

/**
 * In-memory candidate lists, replaced like DynamoCandidateStore replaces them: the new version is
 * written beside the current one, then a pointer flips to it on two conditions, that the pointer
 * is still the one read (else 'conflict') and that the letter has not started (else
 * 'letter-started', which wins when both fail). The loser deletes only its own version, so of
 * racing replacements one wins whole. Candidates are listed in key order (by address hash), and
 * addresses equal but for case are one key.
 */
export class InMemoryCandidateStore implements CandidateStore {
  constructor(private readonly s: WorldState) {}

  async current(id: string): Promise<CandidateListInfo | null> {
    const pointer = this.s.peek(id)?.candidatePointer;
    return pointer ? { version: pointer.version, count: pointer.count, updatedAt: pointer.updatedAt } : null;
  }

  async list(id: string): Promise<Candidate[]> {
    const p = this.s.peek(id);
    const version = p?.candidatePointer && p.candidateVersions.get(p.candidatePointer.version);
    if (!version) return [];
    return [...version.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => ({ email: c.email, ...(c.name ? { name: c.name } : {}) }));
  }

  async replace(id: string, candidates: Candidate[], at: string, expiresAt: number): Promise<'ok' | 'letter-started' | 'conflict'> {
    const read = copy(this.s.peek(id)?.candidatePointer);
    const version = this.s.nextCandidateVersion();
    const items = new Map<string, CandidateRow>(candidates.map((c) => [recipientHash(c.email), { email: c.email, name: c.name ?? null, expiresAt }]));
    this.s.partition(id).candidateVersions.set(version, items);
    // The window between writing the new version and flipping the pointer, where a racing writer may land.
    await this.s.hooks.run('candidates.replace');
    const p = this.s.partition(id);
    const letter = p.notices.get('letter');
    const letterStarted = letter !== undefined && letter.status !== 'SCHEDULED';
    const moved = read ? p.candidatePointer?.version !== read.version : p.candidatePointer !== undefined;
    if (letterStarted || moved) {
      p.candidateVersions.delete(version);
      return letterStarted ? 'letter-started' : 'conflict';
    }
    p.candidatePointer = { version, count: candidates.length, updatedAt: at, expiresAt };
    if (read) p.candidateVersions.delete(read.version);
    return 'ok';
  }

  /** For assertions: how many list versions are stored (the current one only, once a replace is done). */
  versionsStored(id: string): number {
    return this.s.peek(id)?.candidateVersions.size ?? 0;
  }
}
