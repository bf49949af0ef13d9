import type { ComponentChildren } from 'preact';
import type { Approval, Derived, HistoryEntry, Registration, RegistrationInput } from '../../../shared/contracts/registration';
import type { RegistrationSummary } from '../api';
import { useApp } from '../app-context';
import { type LocalizedText, formatDate, formatDuration, translateWarning } from '../i18n';
import { describeHistory } from '../history-words';
import { href } from '../router';
import { Msg } from './common';
import { RehearsalBadge } from './rehearsal-badge';

/** Pieces of a registration shown on several pages: status, derived facts, approvals, history, the form. */

export const StatusBadge = ({ status }: { status: string }) => {
  const { tv } = useApp();
  return <span class={`badge badge--${status.toLowerCase().replace(/_/g, '-')}`}>{tv('status', status)}</span>;
};

export const examSummary = (app: ReturnType<typeof useApp>, exam: RegistrationInput['exam']) =>
  app.t('examSummary', { type: app.tv('examType', exam.type), start: app.dt(exam.start), duration: formatDuration(app.lang, exam.durationMinutes) });

const Facts = ({ rows }: { rows: [string, ComponentChildren][] }) => (
  <dl class="facts">
    {rows.map(([term, value]) => (
      <div key={term}>
        <dt>{term}</dt>
        <dd>{value}</dd>
      </div>
    ))}
  </dl>
);

/** A titled list of messages beside a form or a registration (warnings, refusals); nothing when empty. */
export const MessageList = ({ kind, title, messages }: { kind: 'warnings' | 'refusals'; title: string; messages: LocalizedText[] }) =>
  messages.length === 0 ? null : (
    <div class={kind}>
      <h3>{title}</h3>
      <ul>
        {messages.map((m) => (
          <li key={m.text}>
            <Msg m={m} />
          </li>
        ))}
      </ul>
    </div>
  );

/** Extra upload time, test template, approvers, the date students must be informed by, warnings. */
export const DerivedFacts = ({ derived }: { derived: Derived }) => {
  const app = useApp();
  const { t, tv, lang } = app;
  return (
    <>
      <Facts
        rows={[
          [t('extraTime'), derived.additionalMinutes > 0 ? t('extraTimeValue', { n: derived.additionalMinutes }) : t('none')],
          [t('testTemplate'), tv('template', derived.testTemplate)],
          [t('approvers'), derived.approvers.map((g) => tv('group', g)).join(', ')],
          [t('studentInfoDueBy'), formatDate(lang, derived.studentInfoDueBy, app.config.rules.EXAM_TIME_ZONE)],
        ]}
      />
      <MessageList kind="warnings" title={t('warnings')} messages={derived.warnings.map((w) => translateWarning(lang, w))} />
    </>
  );
};

const who = (actor: { name: string | null; email: string | null; sub: string } | null) => actor?.name ?? actor?.email ?? actor?.sub ?? '';

export const ApprovalsTable = ({ approvals, round }: { approvals: Approval[]; round: number }) => {
  const app = useApp();
  const { t, tv } = app;
  const current = approvals.filter((a) => a.round === round);
  return (
    <div class="table-scroll">
      <table class="table-stack">
        <thead>
          <tr>
            <th scope="col">{t('colGroup')}</th>
            <th scope="col">{t('colState')}</th>
            <th scope="col">{t('colDecidedBy')}</th>
            <th scope="col">{t('colComment')}</th>
          </tr>
        </thead>
        <tbody>
          {current.map((a) => (
            <tr key={a.group}>
              <th scope="row">{tv('group', a.group)}</th>
              <td data-label={t('colState')}>{tv('approval', a.state)}</td>
              <td data-label={t('colDecidedBy')}>{a.decidedBy ? `${who(a.decidedBy)}, ${app.dt(a.decidedAt ?? a.requestedAt)}` : ''}</td>
              <td data-label={t('colComment')}>{a.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** Every entry in words (./history-words), with when and who. */
export const HistoryList = ({ history }: { history: HistoryEntry[] }) => {
  const app = useApp();
  return (
    <ol class="history">
      {history.map((e) => (
        <li key={`${e.at}-${e.action}`}>
          <p>
            <strong>{describeHistory(app.lang, e)}</strong> · <time dateTime={e.at}>{app.dt(e.at)}</time> · {who(e.by)}
          </p>
          {e.comment && <blockquote>{e.comment}</blockquote>}
        </li>
      ))}
    </ol>
  );
};

const link = (url: string | null) =>
  url ? (
    <a href={url} rel="noopener noreferrer">
      {url}
    </a>
  ) : (
    ''
  );

/** The form as submitted, field by field. */
export const FormFacts = ({ form }: { form: RegistrationInput }) => {
  const app = useApp();
  const { t, tv } = app;
  const yesNo = (b: boolean) => (b ? t('yes') : t('no'));
  const rows: [string, ComponentChildren][] = [
    [t('department'), form.department],
    [t('sectionContact'), [form.contact.name, form.contact.email, form.contact.phone].filter(Boolean).join(', ')],
    [t('examType'), tv('examType', form.exam.type)],
    [t('examStart'), app.dt(form.exam.start)],
    [t('examDuration'), formatDuration(app.lang, form.exam.durationMinutes)],
    [t('candidates'), String(form.exam.candidates)],
    [t('uploadAssignments'), String(form.questionSet.uploadAssignments)],
    [t('handDrawings'), yesNo(form.questionSet.handDrawings)],
    [t('zipSubmission'), yesNo(form.questionSet.zipSubmission)],
    [
      t('externalUrls'),
      form.questionSet.externalUrls.length ? (
        <ul>
          {form.questionSet.externalUrls.map((u) => (
            <li key={u}>{link(u)}</li>
          ))}
        </ul>
      ) : (
        t('none')
      ),
    ],
    [t('citationRules'), form.studentInfo.citationRules ?? ''],
    [t('demoTestUrl'), link(form.studentInfo.demoTestUrl)],
    [t('coverPageUrl'), link(form.studentInfo.coverPageUrl)],
  ];
  if (form.kind === 'software') {
    rows.push([
      t('software'),
      <ul>
        {form.software.map((s) => (
          <li key={s.name}>
            {[s.name, s.version, tv('licence', s.licence), s.platforms.map((p) => tv('platform', p)).join('/')].filter(Boolean).join(', ')}
            {s.webService && s.url && <> · {link(s.url)}</>}
          </li>
        ))}
      </ul>,
    ]);
  }
  if (form.notes) rows.push([t('notes'), form.notes]);
  // Optional fields left empty are not listed.
  return <Facts rows={rows.filter(([, value]) => value !== '' && value !== null)} />;
};

/** One registration in a list: course, kind, exam, status, approvals, last change; the title links to its page. */
export const RegistrationCard = ({ item, children }: { item: RegistrationSummary | Registration; children?: ComponentChildren }) => {
  const app = useApp();
  const { t, tv } = app;
  const current = item.approvals.filter((a) => a.round === item.round);
  return (
    <li class="card">
      <div class="card__head">
        <h2>
          <a href={href(`/registrations/${encodeURIComponent(item.id)}`)}>
            {item.form.course.code} {item.form.course.name}
          </a>
        </h2>
        <span class="card__badges">
          <StatusBadge status={item.status} />
          {'rehearsal' in item && <RehearsalBadge rehearsal={item.rehearsal} />}
        </span>
      </div>
      <Facts
        rows={[
          [t('colKind'), tv('kind', item.kind)],
          [t('colExam'), examSummary(app, item.form.exam)],
          [t('colApprovals'), current.map((a) => `${tv('groupShort', a.group)}: ${tv('approval', a.state)}`).join(' · ')],
          [t('detailOwner'), who(item.owner)],
          [t('colUpdated'), app.dt(item.updatedAt)],
        ]}
      />
      {children}
    </li>
  );
};
