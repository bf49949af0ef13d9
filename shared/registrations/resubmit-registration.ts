import type { Approval, HistoryEntry, Registration } from '../contracts/registration';
import { ConflictError, ForbiddenError } from '../errors';
import type { RegistrationRecord } from '../ports';
import { assertCanView, isOwner, publicView } from '../rules/access';
import { changedFieldsFor } from '../rules/approval-scope';
import { formChanges } from '../rules/form-changes';
import { pendingApproval, permits, refusalCode, statusInWords } from '../rules/lifecycle';
import type { Principal } from '../rules/principal';
import { choicesOf, withCatalogueChoices } from '../read-models/catalogue-choices';
import { type SubmitDeps, validateForm } from './submit-registration';

/**
 * Use case: after changes were requested, the owner sends the corrected form. A new round
 * starts; a group that approved the previous round keeps its approval when nothing in its
 * scope changed (shared/rules/approval-scope.ts), and is asked again otherwise.
 */
export const resubmitRegistration = async (deps: SubmitDeps, principal: Principal, id: string, body: unknown): Promise<Registration> => {
  const current = assertCanView(principal, await deps.registrations.get(id), id);
  if (!isOwner(principal, current)) throw new ForbiddenError('Only the person who submitted the registration may change it');
  if (!permits.resubmit(current.status)) {
    throw new ConflictError(
      `The registration is ${statusInWords(current.status)}; it can be resubmitted only when changes were requested`,
      refusalCode(current.status, 'CHANGES_NOT_REQUESTED'),
    );
  }
  const now = deps.now();
  const { form, derived } = validateForm(deps.rules, await withCatalogueChoices(deps.catalogue, body, choicesOf(current.form)), now);
  if (form.kind !== current.form.kind) throw new ConflictError('A registration cannot change its kind; submit a new one', 'KIND_CHANGED');
  const at = now.toISOString();
  const round = current.round + 1;
  const kept: string[] = [];
  const approvals: Approval[] = derived.approvers.map((group) => {
    const before = current.approvals.find((a) => a.group === group);
    if (before?.state === 'APPROVED' && changedFieldsFor(group, current.form, form).length === 0) {
      kept.push(group);
      return { ...before, round, requestedAt: at };
    }
    return pendingApproval(group, round, at);
  });
  const allKept = approvals.every((a) => a.state === 'APPROVED');
  const { approvals: _a, history: _h, ...previous } = current;
  // What the approvers see changed since the round before (bounded: at most both forms, MAX_FORM_BYTES each).
  const changes = formChanges(current.form, form);
  const next: RegistrationRecord = { ...previous, form, derived, round, changes, status: 'PENDING_APPROVAL', updatedAt: at, version: current.version + 1 };
  const actor = { sub: principal.sub, email: principal.email, name: principal.name };
  const entry: HistoryEntry = {
    at,
    by: actor,
    action: 'RESUBMITTED',
    comment: null,
    details: { round, keptApprovals: kept, approvers: derived.approvers, allKept, changedFields: changes.map((c) => c.field) },
  };
  if (!(await deps.registrations.startNewRound(previous, next, approvals, entry))) {
    throw new ConflictError('The registration changed while you resubmitted it; reload and try again', 'CONCURRENT_CHANGE');
  }
  try {
    await deps.workflow.startRound({ registrationId: id, round });
  } catch (error) {
    await deps.registrations.revertNewRound(previous, next, approvals, entry);
    throw error;
  }
  return publicView((await deps.registrations.get(id)) ?? { ...next, approvals, history: [...current.history, entry] });
};
