import type { ApprovalLinkRecord, ApprovalLinkStore } from '../../../shared/ports';
import { type WorldState, conditionalCheckFailed, copy } from './state';

/**
 * In-memory e-mail action links by the hash of their id. A hash is stored once (a second put
 * fails, as the table's conditional put does); expired links stay readable, as they do until
 * DynamoDB's TTL removes them, so expiry is the reader's check.
 */
export class InMemoryApprovalLinkStore implements ApprovalLinkStore {
  constructor(private readonly s: WorldState) {}

  async put(idHash: string, link: ApprovalLinkRecord): Promise<void> {
    await this.s.hooks.run('links.put');
    if (this.s.links.has(idHash)) throw conditionalCheckFailed();
    this.s.links.set(idHash, copy(link));
  }

  async get(idHash: string): Promise<ApprovalLinkRecord | null> {
    const link = this.s.links.get(idHash);
    return link ? copy(link) : null;
  }

  /** For assertions: every stored link with its hash. */
  all(): (ApprovalLinkRecord & { idHash: string })[] {
    return [...this.s.links.entries()].map(([idHash, link]) => ({ idHash, ...copy(link) }));
  }
}
