import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CatalogueEntry } from '../../../shared/contracts/catalogue';
import type * as PickerExports from '../components/catalogue-picker';
import type { FieldError } from '../../../shared/contracts/problem';
import type { RegistrationList, RegistrationSummary } from '../../../shared/contracts/http-responses';
import type { Registration, RegistrationInput } from '../../../shared/contracts/registration';
import { isSameSoftwareRequest } from '../../../shared/rules/duplicate-request';
import { ApiError, newIdempotencyKey } from '../api';
import { useApp } from '../app-context';
import { ErrorNotice, Loading, Msg, Notice, PageHeading, describeError, useLoad } from '../components/common';
import { type Binding, Checkbox, ChoiceGroup, Select, TextArea, TextField } from '../components/fields';
import { DerivedFacts, MessageList } from '../components/registration-parts';
import { ResubmitContext } from '../components/resubmit-context';
import {
  type Draft,
  type DraftValue,
  type SoftwareDraft,
  checkDraft,
  draftFromInput,
  emptyDraft,
  emptySoftware,
  fieldId,
  fieldPaths,
  placeErrors,
  setAt,
  getAt,
} from '../form-model';
import { parseDuration } from '../../../shared/rules/duration';
import { formatDuration } from '../i18n';
import { href, navigate, setFlash, useLeaveGuard } from '../router';

const LICENCES = ['campus', 'free', 'student-purchase', 'other'] as const;
const PLATFORMS = ['windows', 'macos', 'linux', 'web'] as const;

/** Focuses the field at a path: the input itself, or the first input of a group. */
const focusField = (path: string) => {
  const el = document.getElementById(fieldId(path));
  const target = el?.matches('input, select, textarea') ? el : el?.querySelector<HTMLElement>('input, select, textarea, button');
  target?.focus();
};

type PickerModule = typeof PickerExports;
let pickerModule: Promise<PickerModule> | null = null;

/** The catalogue picker, loaded with the first software form (the midterm form never needs it). */
const usePicker = (enabled: boolean) => {
  const [loaded, setLoaded] = useState<{ module: PickerModule | null; error: unknown }>({ module: null, error: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    pickerModule ??= import('../components/catalogue-picker');
    pickerModule.then(
      (module) => setLoaded({ module, error: null }),
      (error: unknown) => {
        pickerModule = null;
        setLoaded({ module: null, error });
      },
    );
  }, [enabled, attempt]);
  return { ...loaded, retry: () => setAttempt((a) => a + 1) };
};

/**
 * A new registration (`#/new/midterm`, `#/new/software`), or changing one after changes were
 * requested (`#/registrations/<id>/edit`). Every keystroke runs the shared schemas and rules:
 * the derived facts and the rules' refusals update at once beside the form. Errors appear at
 * the fields after the first attempt to submit (not on leaving a field, which would move the
 * form under the pointer), and from then on follow every change.
 */
export const NewRegistrationPage = ({ kind, from }: { kind: Draft['kind']; from?: string }) => {
  const { session } = useApp();
  if (from) return <SoftwareForExamPage id={from} />;
  return <RegistrationForm key={kind} initial={emptyDraft(kind, { name: session?.name, email: session?.email })} />;
};

/** "Request software for this exam": the software form with the registration's course, exam and question set filled in. */
const SoftwareForExamPage = ({ id }: { id: string }) => {
  const app = useApp();
  const loaded = useLoad(() => app.api.get(id), [id]);
  if (loaded.loading) return <Loading />;
  if (!loaded.data) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  const from = draftFromInput(loaded.data.form, app.config.rules.EXAM_TIME_ZONE);
  return <RegistrationForm key={`software-for-${id}`} initial={{ ...from, kind: 'software', notes: '', software: [emptySoftware()] }} basedOn={loaded.data} />;
};

/** The owner's pending software requests, to point out a second identical one before it is sent (a few pages at most). */
const usePendingSoftwareRequests = (enabled: boolean) => {
  const app = useApp();
  return useLoad(async () => {
    if (!enabled) return [];
    const found: RegistrationSummary[] = [];
    let nextToken: string | null = null;
    for (let page = 0; page < 5; page++) {
      const list: RegistrationList = await app.api.list({ view: 'mine', status: 'PENDING_APPROVAL', kind: 'software', nextToken });
      found.push(...list.items);
      nextToken = list.nextToken;
      if (!nextToken) break;
    }
    return found;
  }, [enabled]);
};

export const EditRegistrationPage = ({ id }: { id: string }) => {
  const app = useApp();
  const loaded = useLoad(() => app.api.get(id), [id]);
  if (loaded.loading) return <Loading />;
  if (!loaded.data) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  return <RegistrationForm initial={draftFromInput(loaded.data.form, app.config.rules.EXAM_TIME_ZONE)} existing={loaded.data} />;
};

const RegistrationForm = ({ initial, existing, basedOn }: { initial: Draft; existing?: Registration; basedOn?: Registration }) => {
  const app = useApp();
  const { t, tv, config } = app;
  const pendingRequests = usePendingSoftwareRequests(!existing && initial.kind === 'software');
  const picker = usePicker(initial.kind === 'software');
  const [sendSecond, setSendSecond] = useState(false);
  const duplicateRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const idempotencyKey = useRef<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const sent = useRef(false);
  const pristine = useMemo(() => JSON.stringify(initial), [initial]);
  useLeaveGuard(() => !sent.current && JSON.stringify(draft) !== pristine, t('leaveUnsaved'));

  const check = useMemo(() => checkDraft(draft, config.rules, new Date()), [draft, config.rules]);
  const paths = useMemo(() => fieldPaths(draft), [draft]);
  const duplicate = check.input ? (pendingRequests.data ?? []).find((r) => isSameSoftwareRequest(r.form, check.input as RegistrationInput)) : undefined;
  const visible = [...(submitted ? check.errors : []), ...serverErrors];
  const placed = placeErrors(visible, paths);

  // After a refused submission: focus the first field in error (or the summary when no field has one).
  useEffect(() => {
    if (focusRequest === 0) return;
    const first = placed.ordered[0];
    if (first) focusField(first.path);
    else summaryRef.current?.focus();
  }, [focusRequest]);

  const update = (path: string, value: DraftValue | SoftwareDraft[]) => {
    setDraft((d) => setAt(d, path, value));
    // A new body gets a new idempotency key; a retry of the same body keeps it.
    idempotencyKey.current = null;
    setServerErrors((errs) => errs.filter((e) => e.path !== path && !e.path.startsWith(`${path}.`)));
  };

  const bind: Binding = {
    value: (p) => getAt(draft, p),
    set: update,
    errors: (p) => (placed.byField.get(p) ?? []).map((e) => app.fieldError(e)),
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (!check.input) {
      setFocusRequest((n) => n + 1);
      return;
    }
    // An identical request is already pending: point it out first; sending a second one is then a choice.
    if (duplicate && !sendSecond) {
      duplicateRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      idempotencyKey.current ??= newIdempotencyKey();
      const saved = existing ? await app.api.resubmit(existing.id, check.input) : await app.api.submit(check.input, idempotencyKey.current);
      sent.current = true;
      setFlash(t('submittedNotice'));
      navigate(`/registrations/${encodeURIComponent(saved.id)}`);
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
      if (fieldErrors.length > 0) setServerErrors(fieldErrors);
      else setFailure(describeError(app, error));
      setFocusRequest((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const addSoftware = () => {
    const index = draft.software.length;
    update('software', [...draft.software, emptySoftware()]);
    requestAnimationFrame(() => focusField(`software.${index}.name`));
  };
  const removeSoftware = (index: number) => {
    const rest = draft.software.filter((_s, i) => i !== index);
    update('software', rest.length > 0 ? rest : [emptySoftware()]);
    requestAnimationFrame(() => document.getElementById('add-software')?.focus());
  };
  /** A program from the catalogue takes the place of the one blank program, or comes after the others. */
  const addFromCatalogue = (module: PickerModule, entry: CatalogueEntry) => {
    const program = module.programFromEntry(entry);
    const blank = draft.software.length === 1 && JSON.stringify(draft.software[0]) === JSON.stringify(emptySoftware());
    const index = blank ? 0 : draft.software.length;
    update('software', blank ? [program] : [...draft.software, program]);
    requestAnimationFrame(() => focusField(`software.${index}.catalogue`));
  };
  /** A linked program becomes one typed by hand (a proposal), keeping what the entry said. */
  const unlinkSoftware = (index: number) => {
    update(
      'software',
      draft.software.map((s, i) =>
        i === index ? { ...emptySoftware(), name: s.name, version: s.version, licence: s.licence, webService: s.webService, url: s.url, platforms: s.platforms } : s,
      ),
    );
    requestAnimationFrame(() => focusField(`software.${index}.name`));
  };
  const chosenEntries = new Set(draft.software.flatMap((s) => (s.catalogue ? [s.catalogue.entryId] : [])));

  const title = existing
    ? t('formTitleResubmit', { code: existing.form.course.code })
    : basedOn
      ? t('softwareFromTitle', { code: basedOn.form.course.code })
      : t(`formTitle_${draft.kind}`);
  /** An error in the summary says which program it is about ("Program 2: …"). */
  const summaryText = (path: string, error: FieldError) => {
    const m = app.fieldError(error);
    const program = /^software\.(\d+)(\.|$)/.exec(path);
    return program ? { ...m, text: t('errorInProgram', { n: Number(program[1]) + 1, message: m.text }) } : m;
  };
  const duration = parseDuration(draft.exam.durationMinutes);
  const errorCount = placed.ordered.length + placed.unplaced.length;
  const showSummary = (submitted || serverErrors.length > 0) && errorCount > 0;

  return (
    <div class="form-page">
      <PageHeading title={title}>{title}</PageHeading>
      <p class="lead">{basedOn ? t('softwareFromIntro') : t(`formIntro_${draft.kind}`)}</p>
      {existing && <ResubmitContext existing={existing} input={check.input ?? null} />}
      {duplicate && (
        <div class="notice notice--error" role="alert" tabIndex={-1} ref={duplicateRef} data-testid="duplicate-request">
          <p>
            {t('duplicatePending', { link: '\u0000' })
              .split('\u0000')
              .flatMap((part, i) =>
                i === 0
                  ? [part]
                  : [
                      <a key="link" href={href(`/registrations/${encodeURIComponent(duplicate.id)}`)}>
                        {t('duplicatePendingLink', { code: duplicate.form.course.code, date: app.dt(duplicate.createdAt) })}
                      </a>,
                      part,
                    ],
              )}
          </p>
          <label class="checkbox">
            <input type="checkbox" checked={sendSecond} onChange={(e) => setSendSecond(e.currentTarget.checked)} /> {t('duplicateSendAnyway')}
          </label>
        </div>
      )}
      {failure && <Notice kind="error">{failure}</Notice>}
      {showSummary && (
        <div class="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{t('errorSummaryTitle', { n: errorCount })}</h2>
          <ul>
            {placed.ordered.map(({ path, errors }) => (
              <li key={path}>
                <a
                  href={href(`/${path}`)}
                  onClick={(ev) => {
                    ev.preventDefault();
                    focusField(path);
                  }}
                >
                  <Msg m={summaryText(path, errors[0] as FieldError)} />
                </a>
              </li>
            ))}
            {placed.unplaced.map((err) => (
              <li key={err.path}>
                {err.path}: <Msg m={app.fieldError(err)} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="form-layout">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <fieldset class="section">
            <legend>{t('sectionCourse')}</legend>
            <TextField bind={bind} path="course.code" label={t('courseCode')} hint={t('courseCodeHint')} size="short" />
            <TextField bind={bind} path="course.name" label={t('courseName')} />
            <TextField bind={bind} path="department" label={t('department')} autoComplete="organization" />
          </fieldset>

          <fieldset class="section">
            <legend>{t('sectionContact')}</legend>
            <TextField bind={bind} path="contact.name" label={t('contactName')} autoComplete="name" />
            <TextField bind={bind} path="contact.email" label={t('contactEmail')} type="email" autoComplete="email" />
            <TextField bind={bind} path="contact.phone" label={t('contactPhone')} type="tel" autoComplete="tel" optional size="medium" />
          </fieldset>

          <fieldset class="section">
            <legend>{t('sectionExam')}</legend>
            <ChoiceGroup
              bind={bind}
              path="exam.type"
              label={t('examType')}
              options={(['home', 'school'] as const).map((v) => ({ value: v, label: tv('examType', v) }))}
            />
            <TextField
              bind={bind}
              path="exam.start"
              label={t('examStart')}
              hint={t('examStartHint', { zone: config.rules.EXAM_TIME_ZONE })}
              type="datetime-local"
              size="medium"
            />
            <TextField
              bind={bind}
              path="exam.durationMinutes"
              label={t('duration')}
              hint={t('durationHint')}
              extraHint={duration !== null && Number.isInteger(duration) && duration > 0 ? `(${formatDuration(app.lang, duration)})` : undefined}
              size="short"
            />
            <TextField bind={bind} path="exam.candidates" label={t('candidates')} inputMode="numeric" size="short" />
          </fieldset>

          <fieldset class="section">
            <legend>{t('sectionQuestionSet')}</legend>
            <TextField
              bind={bind}
              path="questionSet.uploadAssignments"
              label={t('uploadAssignments')}
              hint={t('uploadAssignmentsHint')}
              inputMode="numeric"
              size="short"
            />
            <Checkbox bind={bind} path="questionSet.handDrawings" label={t('handDrawings')} />
            <Checkbox bind={bind} path="questionSet.zipSubmission" label={t('zipSubmission')} />
            <TextArea bind={bind} path="questionSet.externalUrls" label={t('externalUrls')} hint={t('externalUrlsHint')} optional />
          </fieldset>

          {draft.kind === 'software' && (
            <fieldset class="section" id={fieldId('software')} aria-describedby="software-intro">
              <legend>{t('sectionSoftware')}</legend>
              <p class="hint" id="software-intro">
                {t('softwareIntro')}
              </p>
              {(placed.byField.get('software') ?? []).map((e) => (
                <p class="field-error" key={`${e.code} ${e.message}`}>
                  <span class="visually-hidden">{t('errorPrefix')} </span>
                  <Msg m={app.fieldError(e)} />
                </p>
              ))}
              {picker.module ? (
                <picker.module.CataloguePicker chosen={chosenEntries} onAdd={(entry) => addFromCatalogue(picker.module as PickerModule, entry)} />
              ) : picker.error ? (
                <ErrorNotice error={picker.error} onRetry={picker.retry} />
              ) : (
                <Loading />
              )}
              {draft.software.map((s, i) => (
                <fieldset class="software-item" key={i}>
                  <legend>{t('softwareItem', { n: i + 1 })}</legend>
                  {s.catalogue ? (
                    picker.module ? (
                      <picker.module.LinkedProgram
                        item={s}
                        index={i}
                        errors={bind.errors(`software.${i}.catalogue`)}
                        onUnlink={() => unlinkSoftware(i)}
                        onRemove={() => removeSoftware(i)}
                      />
                    ) : (
                      <Loading />
                    )
                  ) : (
                    <>
                      <TextField bind={bind} path={`software.${i}.name`} label={t('softwareName')} />
                      <TextField bind={bind} path={`software.${i}.version`} label={t('softwareVersion')} optional size="medium" />
                      <Select
                        bind={bind}
                        path={`software.${i}.licence`}
                        label={t('licence')}
                        placeholder={t('choose')}
                        options={LICENCES.map((l) => ({ value: l, label: tv('licence', l) }))}
                      />
                      <ChoiceGroup
                        bind={bind}
                        path={`software.${i}.platforms`}
                        label={t('platforms')}
                        multiple
                        inline
                        options={PLATFORMS.map((p) => ({ value: p, label: tv('platform', p) }))}
                      />
                      <Checkbox bind={bind} path={`software.${i}.webService`} label={t('webService')} />
                      <TextField bind={bind} path={`software.${i}.url`} label={t('softwareUrl')} type="url" optional={!s.webService} />
                      {draft.software.length > 1 && (
                        <button type="button" class="button button--secondary button--small" onClick={() => removeSoftware(i)}>
                          {t('removeSoftware', { n: i + 1 })}
                        </button>
                      )}
                    </>
                  )}
                </fieldset>
              ))}
              <button type="button" id="add-software" class="button button--secondary" onClick={addSoftware}>
                {t('addSoftware')}
              </button>
            </fieldset>
          )}

          <fieldset class="section">
            <legend>{t('sectionStudentInfo')}</legend>
            <TextField bind={bind} path="studentInfo.citationRules" label={t('citationRules')} hint={t('citationRulesHint')} optional />
            <TextField bind={bind} path="studentInfo.demoTestUrl" label={t('demoTestUrl')} type="url" optional />
            <TextField bind={bind} path="studentInfo.coverPageUrl" label={t('coverPageUrl')} type="url" optional />
          </fieldset>

          <TextArea bind={bind} path="notes" label={t('notes')} optional rows={4} />

          <div class="actions">
            <button type="submit" class="button" disabled={busy}>
              {busy ? t('submitting') : existing ? t('resubmit') : t('submit')}
            </button>
          </div>
        </form>
        <FormStatusBar draft={check} errorCount={submitted || serverErrors.length > 0 ? errorCount : 0} />

        <aside class="derived" id="derived" aria-labelledby="derived-title">
          <h2 id="derived-title" tabIndex={-1}>
            {t('derivedTitle')}
          </h2>
          <div aria-live="polite" data-testid="derived">
            {check.derived ? <DerivedFacts derived={check.derived} /> : <p class="hint">{t('derivedIncomplete')}</p>}
            <MessageList kind="refusals" title={t('refusalsTitle')} messages={check.violations.map((v) => app.fieldError(v))} />
          </div>
        </aside>
      </div>
    </div>
  );
};

/**
 * On a narrow screen the live facts sit below the whole form: a bar stuck to the bottom of the
 * screen says what follows so far (extra time, approvers, refusals) and takes the user there.
 */
const FormStatusBar = ({ draft, errorCount }: { draft: ReturnType<typeof checkDraft>; errorCount: number }) => {
  const { t, tv } = useApp();
  const parts = [
    ...(draft.derived
      ? [
          draft.derived.additionalMinutes > 0 ? t('barExtra', { n: draft.derived.additionalMinutes }) : null,
          draft.derived.approvers.map((g) => tv('groupShort', g)).join(' + '),
        ]
      : []),
    draft.violations.length > 0 ? t('barRefusals', { n: draft.violations.length }) : null,
    errorCount > 0 ? t('errorSummaryTitle', { n: errorCount }) : null,
  ].filter((p): p is string => !!p);
  const show = () => {
    const heading = document.getElementById('derived-title');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  };
  return (
    <div class="form-bar" data-testid="form-bar">
      <p class="form-bar__text">{parts.join(' · ') || t('derivedTitle')}</p>
      <button type="button" class="button button--secondary button--small" onClick={show}>
        {t('barShow')}
      </button>
    </div>
  );
};
