import type { MailClaims } from '../../../shared/ports';
import type { WorldState } from './state';

/** In-memory claims of one-time e-mails: a claim is taken once (until given back), as the table's conditional put takes it. */
export class InMemoryMailClaims implements MailClaims {
  constructor(private readonly s: WorldState) {}

  async claim(id: string, what: string, at: string): Promise<boolean> {
    await this.s.hooks.run('mailClaims.claim');
    const claims = this.s.partition(id).mailClaims;
    if (claims.has(what)) return false;
    claims.set(what, at);
    return true;
  }

  async release(id: string, what: string): Promise<void> {
    this.s.peek(id)?.mailClaims.delete(what);
  }

  /** For assertions: the claims held on a registration. */
  held(id: string): string[] {
    return [...(this.s.peek(id)?.mailClaims.keys() ?? [])];
  }
}
