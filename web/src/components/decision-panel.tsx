import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AddToCatalogue } from '../../../shared/contracts/catalogue';
import type { FieldError } from '../../../shared/contracts/problem';
import type { ApproverGroup, Decision, SoftwareItem } from '../../../shared/contracts/registration';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import type { LocalizedText } from '../i18n';
import type * as AddExports from './add-to-catalogue';
import { describeError } from './common';
import { FieldErrors } from './fields';

type AddModule = typeof AddExports;
let addModule: Promise<AddModule> | null = null;

/** "Add to the catalogue", loaded only when an IT approver decides on a request that proposes programs. */
const useAddToCatalogue = (software: readonly SoftwareItem[] | undefined, group: ApproverGroup) => {
  const wanted = group === 'IT' && (software ?? []).some((s) => !s.catalogue);
  const [module, setModule] = useState<AddModule | null>(null);
  useEffect(() => {
    if (!wanted) return;
    addModule ??= import('./add-to-catalogue');
    addModule.then(setModule, () => {
      // Without the option the approval still works; the next panel tries to load it again.
      addModule = null;
    });
  }, [wanted]);
  return wanted ? module : null;
};

/** What a decision carries besides the decision and comment: with an IT approval, the proposed programs to add to the catalogue. */
export interface DecisionExtras {
  addToCatalogue?: AddToCatalogue;
}

/**
 * Approve, reject or request changes, with a comment. A reject or change request needs the
 * comment (the API refuses it otherwise; the panel says so before asking). Used by the queue,
 * the detail page and the confirmation page e-mail links open. Given the request's `software`,
 * IT's panel offers to add each proposed program to the catalogue with the approval.
 */
export const DecisionPanel = ({
  idPrefix,
  group,
  software,
  onDecide,
}: {
  idPrefix: string;
  group: ApproverGroup;
  software?: readonly SoftwareItem[] | undefined;
  onDecide: (decision: Decision, comment: string, extras: DecisionExtras) => Promise<void>;
}) => {
  const app = useApp();
  const { t, tv, lang } = app;
  const [comment, setComment] = useState('');
  const [commentErrors, setCommentErrors] = useState<LocalizedText[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const id = `${idPrefix}-${group}`;
  const add = useAddToCatalogue(software, group);
  const proposals = useMemo(() => (add && software ? add.proposalsOf(software) : []), [add, software]);
  const [additions, setAdditions] = useState<AddExports.Additions | null>(null);
  const [additionErrors, setAdditionErrors] = useState<FieldError[]>([]);
  const currentAdditions = additions ?? (add ? add.initialAdditions(proposals) : {});
  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);
  const refuseAdditions = (module: AddModule, errors: FieldError[]) => {
    setAdditionErrors(errors);
    setTimeout(() => module.focusFirstAddition(id, errors), 0);
  };

  const decide = async (decision: Decision) => {
    setFailure(null);
    if (decision !== 'approve' && comment.trim() === '') {
      setCommentErrors([{ text: t('commentRequired'), lang }]);
      commentRef.current?.focus();
      return;
    }
    setCommentErrors([]);
    // Only an approval adds to the catalogue; a ticked program with wrong fields stops it before it is sent.
    const collected = add && decision === 'approve' ? add.collectAdditions(currentAdditions) : { body: [], errors: [] };
    setAdditionErrors([]);
    if (add && collected.errors.length > 0) return refuseAdditions(add, collected.errors);
    setBusy(true);
    try {
      await onDecide(decision, comment.trim(), collected.body.length > 0 ? { addToCatalogue: collected.body } : {});
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
      const atComment = fieldErrors.filter((e) => e.path === 'comment').map((e) => app.fieldError(e));
      const atAdditions = add ? add.placeAdditionErrors(fieldErrors, collected.body) : [];
      if (add && atAdditions.length > 0) {
        refuseAdditions(add, atAdditions);
      } else if (atComment.length > 0) {
        setCommentErrors(atComment);
        commentRef.current?.focus();
      } else {
        setFailure(describeError(app, error));
      }
    } finally {
      setBusy(false);
    }
  };

  const heading = t('decisionFor', { group: tv('group', group) });
  return (
    <section class="decision" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{heading}</h3>
      {failure && (
        <div class="notice notice--error" role="alert" tabIndex={-1} ref={failureRef}>
          {failure}
        </div>
      )}
      <div class={`field ${commentErrors.length ? 'field--error' : ''}`}>
        <label for={`${id}-comment`}>{t('comment')}</label>
        <p class="hint" id={`${id}-comment-hint`}>
          {t('commentHint')}
        </p>
        <FieldErrors id={`${id}-comment-error`} messages={commentErrors} />
        <textarea
          id={`${id}-comment`}
          ref={commentRef}
          rows={2}
          value={comment}
          aria-invalid={commentErrors.length ? 'true' : undefined}
          aria-describedby={`${id}-comment-hint${commentErrors.length ? ` ${id}-comment-error` : ''}`}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </div>
      {add && proposals.length > 0 && (
        <add.AddToCataloguePart idPrefix={id} proposals={proposals} additions={currentAdditions} onChange={setAdditions} errors={additionErrors} />
      )}
      <div class="actions">
        <button type="button" class="button" disabled={busy} onClick={() => void decide('approve')}>
          {t('approve')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void decide('request-changes')}>
          {t('requestChanges')}
        </button>
        <button type="button" class="button button--danger" disabled={busy} onClick={() => void decide('reject')}>
          {t('reject')}
        </button>
      </div>
    </section>
  );
};
