import type { CatalogueRevision } from '../contracts/catalogue';
import { DecisionInputSchema } from '../contracts/http';
import { parseInput } from '../contracts/parse';
import type { FieldError } from '../contracts/problem';
import type { HistoryEntry, Registration } from '../contracts/registration';
import { ValidationError } from '../errors';
import type { CatalogueStore, Clock, RegistrationStore } from '../ports';
import { type Principal, hasRole } from '../rules/principal';

export interface ProposalDeps {
  catalogue: CatalogueStore;
  registrations: RegistrationStore;
  now: Clock;
  /** Records the decision itself (the approvals feature's use case, wired in by the handler). */
  decide: (body: unknown) => Promise<Registration>;
}

/** The entry a proposal becomes: one id per registration and program, so a retried approval adds it once. */
export const proposalEntryId = (registrationId: string, software: number) => `${registrationId}-${software}`;

/**
 * Use case: an IT approval that adds proposed programs to the catalogue. The option is checked
 * before anything is written (only with an IT approval; each index a proposal of this request,
 * once); then the decision is recorded as any other, and only when it was, the entries are added
 * (revision 1, by the approver, naming the registration) and the registration's history links each
 * program to its entry. A decision refused (403, 404, 409) adds nothing.
 */
export const decideAddingProposals = async (deps: ProposalDeps, principal: Principal, id: string, body: unknown): Promise<Registration> => {
  const input = parseInput(DecisionInputSchema, body);
  const proposals = input.addToCatalogue ?? [];
  if (proposals.length === 0) return deps.decide(body);

  const r = await deps.registrations.get(id);
  const errors: FieldError[] = [];
  if (input.group !== 'IT' || input.decision !== 'approve')
    errors.push({ path: 'addToCatalogue', code: 'invalid_value', message: 'Only an IT approval adds proposed programs to the catalogue' });
  const software = r?.form.kind === 'software' ? r.form.software : [];
  const seen = new Set<number>();
  proposals.forEach((p, i) => {
    const item = software[p.software];
    // An unknown registration, or one the caller may not decide, is refused by the decision below, before anything is added.
    if (r && hasRole(principal, 'IT') && (!item || item.catalogue || seen.has(p.software)))
      errors.push({ path: `addToCatalogue.${i}.software`, code: 'invalid_value', message: 'Not a proposed program of this request (or named twice)' });
    seen.add(p.software);
  });
  if (errors.length > 0) throw new ValidationError(errors);

  const registration = await deps.decide(body);
  const at = deps.now().toISOString();
  const by = { sub: principal.sub, email: principal.email, name: principal.name };
  const added = [];
  for (const p of proposals) {
    const entryId = proposalEntryId(id, p.software);
    const first: CatalogueRevision = {
      ...p.entry,
      id: entryId,
      revision: 1,
      retired: false,
      createdAt: at,
      updatedAt: at,
      updatedBy: by,
      action: 'CREATED',
      comment: `Proposed in the software request for ${registration.form.course.code} (registration ${id})`,
    };
    await deps.catalogue.create(first);
    added.push({ software: p.software, entryId, revision: 1 });
  }
  const entry: HistoryEntry = { at, by, action: 'ADDED_TO_CATALOGUE', comment: null, details: { entries: added } };
  await deps.registrations.appendHistory(id, entry);
  return { ...registration, history: [...registration.history, entry] };
};
