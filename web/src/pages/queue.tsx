import { useEffect, useRef, useState } from 'preact/hooks';
import type { Capacity } from '../../../shared/contracts/calendar';
import type { ApproverGroup } from '../../../shared/contracts/registration';
import { type ListQuery, type RegistrationSummary, newIdempotencyKey } from '../api';
import { useApp } from '../app-context';
import { approverGroups } from '../auth';
import { Notice, PageHeading, describeError } from '../components/common';
import { DecisionPanel } from '../components/decision-panel';
import { IncidentQueue } from '../components/incident-queue';
import { RehearsalBadge } from '../components/rehearsal-badge';
import { formatDate, formatDuration, formatList } from '../i18n';
import { href } from '../router';
import { courseOf } from './after-decision';
import { type QueueWord, queueWord } from './queue-words';
import { FilterSelect, ListBody, pendingGroupsFor, useRegistrationList } from './registration-list';
import './queue.css';

const PAGE_SIZE = 20;
/** Decisions of a bulk approval sent at once; each is its own request and its own conditional decision. */
const BULK_CONCURRENCY = 4;

const useWords = () => {
  const app = useApp();
  return { app, w: (key: QueueWord, vars?: Record<string, string | number>) => queueWord(app.lang, key, vars) };
};

/** Each group's load in a word or two: the people the pending and approved exams need against those on duty. */
const Load = ({ capacity }: { capacity: Capacity | undefined }) => {
  const { app, w } = useWords();
  const groups = Object.entries(capacity ?? {});
  if (groups.length === 0) return <>–</>;
  return (
    <ul class="queue-load">
      {groups.map(([group, c]) => {
        const state = c.overbooked ? 'over' : c.tentativePeak > c.staffOnDuty ? 'tight' : 'ok';
        const vars = { group: app.tv('group', group), committed: c.committedPeak, tentative: c.tentativePeak, staff: c.staffOnDuty };
        return (
          <li key={group} class={`queue-load__item queue-load__item--${state}`}>
            {w(state === 'over' ? 'loadOver' : 'loadLine', vars)}
            {state === 'tight' && <span class="visually-hidden"> ({app.t('capacityTight')})</span>}
          </li>
        );
      })}
    </ul>
  );
};

interface Filters {
  kind: string;
  examType: string;
  from: string;
  to: string;
  resubmitted: string;
  q: string;
}
const NO_FILTERS: Filters = { kind: '', examType: '', from: '', to: '', resubmitted: '', q: '' };

const QueueFilters = ({ filters, onChange }: { filters: Filters; onChange: (f: Filters) => void }) => {
  const { app, w } = useWords();
  const { t, tv } = app;
  const [search, setSearch] = useState(filters.q);
  const set = (name: keyof Filters) => (value: string) => onChange({ ...filters, [name]: value });
  const date = (name: 'from' | 'to', label: string) => (
    <div class="field field--medium">
      <label for={`filter-${name}`}>{label}</label>
      <input id={`filter-${name}`} type="date" value={filters[name]} onChange={(e) => set(name)(e.currentTarget.value)} />
    </div>
  );
  return (
    <form
      class="filters queue-filters"
      role="search"
      aria-label={t('filter')}
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ ...filters, q: search.trim() });
      }}
    >
      <div class="field queue-filters__search">
        <label for="filter-q">{w('search')}</label>
        <div class="queue-filters__search-row">
          <input id="filter-q" type="search" maxLength={100} value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
          <button type="submit" class="button button--secondary">
            {w('searchButton')}
          </button>
        </div>
      </div>
      <FilterSelect
        name="kind"
        label={t('filterKind')}
        value={filters.kind}
        onChange={set('kind')}
        options={(['midterm', 'software'] as const).map((k) => ({ value: k, label: tv('kind', k) }))}
      />
      <FilterSelect
        name="examType"
        label={w('filterExamType')}
        value={filters.examType}
        onChange={set('examType')}
        options={(['home', 'school'] as const).map((k) => ({ value: k, label: tv('examType', k) }))}
      />
      {date('from', w('filterFrom'))}
      {date('to', w('filterTo'))}
      <FilterSelect
        name="resubmitted"
        label={w('filterRound')}
        value={filters.resubmitted}
        onChange={set('resubmitted')}
        options={[
          { value: 'false', label: w('roundFirst') },
          { value: 'true', label: w('roundResubmitted') },
        ]}
      />
      {Object.values(filters).some(Boolean) && (
        <button
          type="button"
          class="button button--secondary queue-filters__clear"
          onClick={() => {
            setSearch('');
            onChange(NO_FILTERS);
          }}
        >
          {w('clearFilters')}
        </button>
      )}
    </form>
  );
};

interface BulkResult {
  id: string;
  course: string;
  group: ApproverGroup;
  error: string | null;
}

/** Runs `tasks` with at most `limit` at a time, in order of start; each settles on its own. */
const settleAll = async <T,>(tasks: (() => Promise<T>)[], limit: number, onSettled: () => void): Promise<PromiseSettledResult<T>[]> => {
  const out: PromiseSettledResult<T>[] = new Array<PromiseSettledResult<T>>(tasks.length);
  let nextIndex = 0;
  const worker = async () => {
    for (let i = nextIndex++; i < tasks.length; i = nextIndex++) {
      try {
        out[i] = { status: 'fulfilled', value: await (tasks[i] as () => Promise<T>)() };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
      onSettled();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
};

/** What waits for the approver's groups: a compact list, most urgent first, with filters, bulk approval and decisions in place. */
export const QueuePage = () => {
  const { app, w } = useWords();
  const { t, tv, session, lang } = app;
  const groups = session ? approverGroups(session) : [];
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const list = useRegistrationList({
    view: 'queue',
    limit: PAGE_SIZE,
    ...filters,
    kind: filters.kind as ListQuery['kind'],
    examType: filters.examType as ListQuery['examType'],
    resubmitted: filters.resubmitted as ListQuery['resubmitted'],
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [bulk, setBulk] = useState<{ done: number; n: number; results: BulkResult[] | null } | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  const countRef = useRef<HTMLHeadingElement>(null);
  const items = list.data?.items ?? [];

  useEffect(() => setSelected(new Set()), [JSON.stringify(filters)]);
  // Keep my place: after a decision, focus moves to the item that took the decided one's place (or the count, when none is left).
  useEffect(() => {
    if (!focusId) return;
    const target = focusId === 'count' ? countRef.current : document.getElementById(`decide-${focusId}`);
    target?.focus();
    setFocusId(null);
  }, [focusId]);
  useEffect(() => {
    if (bulk?.results) resultsRef.current?.focus();
  }, [bulk?.results]);

  /** Takes decided items out of the page and the count, keeping everything else (and the scroll position) as it is. */
  const without = (ids: Set<string>) => {
    const page = list.data;
    if (!page) return;
    const left = page.items.filter((i) => !ids.has(i.id));
    list.setData({ ...page, items: left, ...(page.total !== undefined ? { total: page.total - (page.items.length - left.length) } : {}) });
    setSelected((s) => new Set([...s].filter((id) => !ids.has(id))));
  };

  const decidedInPlace = (item: RegistrationSummary, updated: RegistrationSummary, group: ApproverGroup, decision: string) => {
    const index = items.findIndex((i) => i.id === item.id);
    if (pendingGroupsFor(updated, groups).length > 0) {
      list.setData({ ...(list.data ?? { items: [], nextToken: null }), items: items.map((i) => (i.id === item.id ? { ...i, ...updated } : i)) });
    } else {
      without(new Set([item.id]));
      setOpen(null);
      const rest = items.filter((i) => i.id !== item.id);
      setFocusId(rest[Math.min(index, rest.length - 1)]?.id ?? 'count');
    }
    setStatus(t('decisionRecorded', { course: item.form.course.code, decision: tv('decision', decision), group: tv('group', group) }));
  };

  const approveSelected = async () => {
    const chosen = items.filter((i) => selected.has(i.id));
    const jobs = chosen.flatMap((item) => pendingGroupsFor(item, groups).map((group) => ({ item, group, key: newIdempotencyKey() })));
    let done = 0;
    setStatus(null);
    setBulk({ done, n: jobs.length, results: null });
    const settled = await settleAll(
      jobs.map((job) => () => app.api.decide(job.item.id, job.group, 'approve', '', { round: job.item.round, idempotencyKey: job.key })),
      BULK_CONCURRENCY,
      () => setBulk({ done: ++done, n: jobs.length, results: null }),
    );
    const results = jobs.map((job, i): BulkResult => {
      const s = settled[i];
      return { id: job.item.id, course: courseOf(job.item), group: job.group, error: s?.status === 'rejected' ? describeError(app, s.reason) : null };
    });
    // An item leaves the list when every decision on it went through; one that failed stays, selected, to look at.
    without(new Set(chosen.filter((item) => results.every((r) => r.id !== item.id || r.error === null)).map((item) => item.id)));
    setBulk({ done, n: jobs.length, results });
  };

  const total = list.data?.total ?? items.length;
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));
  return (
    <>
      <PageHeading title={t('queueTitle')}>{t('queueTitle')}</PageHeading>
      <p class="lead">
        {t('queueIntro', {
          groups: formatList(
            lang,
            groups.map((g) => tv('group', g)),
          ),
        })}
      </p>
      <p>
        <a href={href('/decided')}>{w('decidedLink')}</a>
      </p>
      <IncidentQueue items={list.data?.incidentsAwaitingExtraTime} />
      <QueueFilters filters={filters} onChange={setFilters} />
      <h2 class="queue-count" tabIndex={-1} ref={countRef} aria-live="polite">
        {total === 1 ? w('waitingOne') : w('waiting', { n: total })}
      </h2>
      {list.data?.partial && <Notice kind="info">{w('waitingPartial')}</Notice>}
      <div class="queue-live" role="status">
        {status}
      </div>
      {/* Outside the list: approving every item shown empties it, and the results stay. */}
      {bulk?.results && (
        <div id="bulk-results" class="notice notice--info queue-results" tabIndex={-1} ref={resultsRef} role="region" aria-labelledby="bulk-results-title">
          <h3 id="bulk-results-title">{w('bulkResults', { n: bulk.results.length })}</h3>
          <ul>
            {bulk.results.map((r) => (
              <li key={`${r.id}-${r.group}`} class={r.error ? 'queue-results__failed' : 'queue-results__ok'}>
                {r.error
                  ? w('bulkFailed', { course: r.course, group: tv('group', r.group), reason: r.error })
                  : w('bulkApproved', { course: r.course, group: tv('group', r.group) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ListBody
        list={list}
        empty={Object.values(filters).some(Boolean) ? w('emptyFiltered') : t('queueEmpty')}
        renderItems={() => (
          <>
            <div class="queue-toolbar">
              <label class="queue-toolbar__all">
                <input type="checkbox" checked={allSelected} onChange={(e) => setSelected(e.currentTarget.checked ? new Set(items.map((i) => i.id)) : new Set())} />{' '}
                {w('selectAll')}
              </label>
              <span>{w('selectedCount', { n: selected.size })}</span>
              <button type="button" class="button" disabled={selected.size === 0 || (bulk !== null && bulk.results === null)} onClick={() => void approveSelected()}>
                {w('approveSelected')}
              </button>
              {bulk && bulk.results === null && <span role="status">{w('approving', { done: bulk.done, n: bulk.n })}</span>}
            </div>
            <p class="hint">{w('shown', { shown: items.length, total })}</p>
            <div class="table-scroll">
              <table class="queue-table">
                <thead>
                  <tr>
                    <th scope="col">
                      <span class="visually-hidden">{w('colSelect')}</span>
                    </th>
                    <th scope="col">{w('colCourse')}</th>
                    <th scope="col">{w('colExam')}</th>
                    <th scope="col">{w('colCandidates')}</th>
                    <th scope="col">{w('colSoftware')}</th>
                    <th scope="col">{w('colRound')}</th>
                    <th scope="col">{w('colDeadline')}</th>
                    <th scope="col">{w('colLoad')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{w('colActions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => {
                    const exam = item.form.exam;
                    const software = item.form.kind === 'software' ? item.form.software.map((s) => s.name) : [];
                    const isOpen = open === item.id;
                    return [
                      <tr key={item.id} id={`row-${item.id}`} class={selected.has(item.id) ? 'queue-row queue-row--selected' : 'queue-row'}>
                        <td class="queue-table__select">
                          <input
                            type="checkbox"
                            id={`select-${item.id}`}
                            aria-label={w('selectItem', { course: courseOf(item) })}
                            checked={selected.has(item.id)}
                            onChange={(e) => {
                              const next = new Set(selected);
                              if (e.currentTarget.checked) next.add(item.id);
                              else next.delete(item.id);
                              setSelected(next);
                            }}
                          />
                        </td>
                        <th scope="row" data-label={w('colCourse')}>
                          <a href={href(`/registrations/${encodeURIComponent(item.id)}`)}>{item.form.course.code}</a> {item.form.course.name}
                          <span class="queue-table__kind">{tv('kind', item.kind)}</span>
                        </th>
                        <td data-label={w('colExam')}>
                          {w('examLine', { date: app.dt(exam.start), duration: formatDuration(lang, exam.durationMinutes), type: tv('examType', exam.type) })}
                        </td>
                        <td data-label={w('colCandidates')}>{exam.candidates}</td>
                        <td data-label={w('colSoftware')}>
                          {software.length ? software.join(', ') : w('noSoftware')} <RehearsalBadge rehearsal={item.rehearsal} />
                        </td>
                        <td data-label={w('colRound')}>{item.round > 1 ? <span class="badge badge--changes-requested">{item.round}</span> : item.round}</td>
                        <td data-label={w('colDeadline')}>{formatDate(lang, item.derived.studentInfoDueBy, app.config.rules.EXAM_TIME_ZONE)}</td>
                        <td data-label={w('colLoad')}>
                          <Load capacity={item.capacity} />
                        </td>
                        <td>
                          <button
                            type="button"
                            id={`decide-${item.id}`}
                            class="button button--secondary"
                            aria-expanded={isOpen ? 'true' : 'false'}
                            aria-controls={`decision-${item.id}`}
                            onClick={() => setOpen(isOpen ? null : item.id)}
                          >
                            {isOpen ? w('hideDecision') : w('decide')}
                            <span class="visually-hidden"> {item.form.course.code}</span>
                          </button>
                        </td>
                      </tr>,
                      isOpen && (
                        <tr key={`${item.id}-decision`} class="queue-table__decision">
                          <td colSpan={9} id={`decision-${item.id}`}>
                            {pendingGroupsFor(item, groups).map((group) => (
                              <DecisionPanel
                                key={group}
                                idPrefix={`q-${item.id}`}
                                group={group}
                                software={item.form.kind === 'software' ? item.form.software : undefined}
                                onDecide={async (decision, comment, extras) =>
                                  decidedInPlace(item, await app.api.decide(item.id, group, decision, comment, { round: item.round, ...extras }), group, decision)
                                }
                              />
                            ))}
                          </td>
                        </tr>
                      ),
                    ];
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      />
    </>
  );
};

/** What the approver's group decided, newest first: who, when, and what. */
export const DecidedPage = () => {
  const { app, w } = useWords();
  const { tv, session } = app;
  const groups = session ? approverGroups(session) : [];
  const [group, setGroup] = useState<ApproverGroup | ''>(groups[0] ?? '');
  const list = useRegistrationList({ view: 'decided', group, limit: PAGE_SIZE });
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeading title={w('decidedTitle')}>{w('decidedTitle')}</PageHeading>
      <p class="lead">{w('decidedIntro', { group: group ? tv('group', group) : '' })}</p>
      <p>
        <a href={href('/queue')}>{w('queueLink')}</a>
      </p>
      {groups.length > 1 && (
        <FilterSelect
          name="group"
          label={w('filterGroup')}
          value={group}
          onChange={(g) => setGroup((g || groups[0]) as ApproverGroup)}
          options={groups.map((g) => ({ value: g, label: tv('group', g) }))}
        />
      )}
      <ListBody
        list={list}
        empty={w('decidedEmpty')}
        renderItems={() => (
          <>
            <div class="table-scroll">
              <table class="queue-table queue-table--decided">
                <thead>
                  <tr>
                    <th scope="col">{w('colCourse')}</th>
                    <th scope="col">{w('colDecision')}</th>
                    <th scope="col">{w('colRound')}</th>
                    <th scope="col">{w('colDecidedBy')}</th>
                    <th scope="col">{w('colDecidedAt')}</th>
                    <th scope="col">{w('colComment')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => {
                    const d = item.decision;
                    return (
                      <tr key={`${item.id}-${d?.round ?? 0}`}>
                        <th scope="row" data-label={w('colCourse')}>
                          <a href={href(`/registrations/${encodeURIComponent(item.id)}`)}>{item.form.course.code}</a> {item.form.course.name}
                        </th>
                        <td data-label={w('colDecision')}>{d ? tv('approval', d.state) : ''}</td>
                        <td data-label={w('colRound')}>{d?.round}</td>
                        <td data-label={w('colDecidedBy')}>{d?.decidedBy?.name ?? d?.decidedBy?.email ?? d?.decidedBy?.sub}</td>
                        <td data-label={w('colDecidedAt')}>{d?.decidedAt ? app.dt(d.decidedAt) : ''}</td>
                        <td data-label={w('colComment')}>{d?.comment ?? ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      />
    </>
  );
};
