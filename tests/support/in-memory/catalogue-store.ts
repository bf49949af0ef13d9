import type { CatalogueRevision } from '../../../shared/contracts/catalogue';
import type { CatalogueStore } from '../../../shared/ports';
import { type WorldState, copy } from './state';

/**
 * The in-memory software catalogue, with the semantics of DynamoCatalogueStore: an entry is
 * created once, and moves to revision n + 1 only from revision n.
 */
export class InMemoryCatalogueStore implements CatalogueStore {
  constructor(private readonly s: WorldState) {}

  async create(first: CatalogueRevision): Promise<boolean> {
    if (this.s.catalogue.has(first.id)) return false;
    this.s.catalogue.set(first.id, [copy(first)]);
    return true;
  }

  async advance(next: CatalogueRevision): Promise<boolean> {
    const revisions = this.s.catalogue.get(next.id);
    if (!revisions || revisions.length !== next.revision - 1) return false;
    revisions.push(copy(next));
    return true;
  }

  async get(id: string): Promise<CatalogueRevision | null> {
    const revisions = this.s.catalogue.get(id);
    return revisions ? copy(revisions[revisions.length - 1] as CatalogueRevision) : null;
  }

  async list(): Promise<CatalogueRevision[]> {
    return [...this.s.catalogue.values()].map((r) => copy(r[r.length - 1] as CatalogueRevision));
  }

  async revision(id: string, revision: number): Promise<CatalogueRevision | null> {
    const found = this.s.catalogue.get(id)?.[revision - 1];
    return found ? copy(found) : null;
  }

  async revisions(id: string): Promise<CatalogueRevision[]> {
    return (this.s.catalogue.get(id) ?? []).map(copy);
  }
}
