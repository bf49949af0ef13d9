import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApproverGroup, Decision } from '../../../shared/contracts/registration';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import type { LocalizedText } from '../i18n';
import { describeError } from './common';
import { FieldErrors } from './fields';

/**
 * Approve, reject or request changes, with a comment. A reject or change request needs the
 * comment (the API refuses it otherwise; the panel says so before asking). Used by the queue,
 * the detail page and the confirmation page e-mail links open.
 */
export const DecisionPanel = ({
  idPrefix,
  group,
  onDecide,
}: {
  idPrefix: string;
  group: ApproverGroup;
  onDecide: (decision: Decision, comment: string) => Promise<void>;
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
  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  const decide = async (decision: Decision) => {
    setFailure(null);
    if (decision !== 'approve' && comment.trim() === '') {
      setCommentErrors([{ text: t('commentRequired'), lang }]);
      commentRef.current?.focus();
      return;
    }
    setCommentErrors([]);
    setBusy(true);
    try {
      await onDecide(decision, comment.trim());
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
      const atComment = fieldErrors.filter((e) => e.path === 'comment').map((e) => app.fieldError(e));
      if (atComment.length > 0) {
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
