import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { RegistrationStatusSchema, type ApproverGroup } from '../../../shared/contracts/registration';
import type { ListQuery, RegistrationSummary } from '../api';
import { useApp } from '../app-context';
import { ErrorNotice, Loading, PageHeading, useLoad } from '../components/common';
import { type Option, SelectOptions } from '../components/fields';
import { RegistrationCard } from '../components/registration-parts';
import { href } from '../router';

/** A page of registrations with filters and "show more" (the API pages with nextToken); the first page again when a filter changes. */
export const useRegistrationList = (query: ListQuery) => {
  const { api } = useApp();
  const loaded = useLoad(() => api.list(query), [JSON.stringify(query)]);
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const loadMore = async () => {
    const current = loaded.data;
    if (!current?.nextToken) return;
    setMore({ busy: true, error: null });
    try {
      const next = await api.list({ ...query, nextToken: current.nextToken });
      loaded.setData({ ...next, items: [...current.items, ...next.items], incidentsAwaitingExtraTime: current.incidentsAwaitingExtraTime });
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };
  return { ...loaded, more, loadMore };
};

export const FilterSelect = ({
  name,
  label,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  options: Option[];
  onChange: (v: string) => void;
}) => {
  const { t } = useApp();
  return (
    <div class="field field--medium">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} onChange={(e) => onChange(e.currentTarget.value)}>
        <SelectOptions value={value} placeholder={t('filterAll')} options={options} />
      </select>
    </div>
  );
};

const Filters = ({
  filters,
  setFilters,
  byStatus = true,
}: {
  filters: Record<string, string>;
  setFilters: (f: Record<string, string>) => void;
  byStatus?: boolean;
}) => {
  const { t, tv } = useApp();
  const set = (name: string) => (value: string) => setFilters({ ...filters, [name]: value });
  return (
    <div class="filters" role="group" aria-label={t('filter')}>
      {byStatus && (
        <FilterSelect
          name="status"
          label={t('filterStatus')}
          value={filters.status ?? ''}
          onChange={set('status')}
          options={RegistrationStatusSchema.options.map((s) => ({ value: s, label: tv('status', s) }))}
        />
      )}
      <FilterSelect
        name="kind"
        label={t('filterKind')}
        value={filters.kind ?? ''}
        onChange={set('kind')}
        options={(['midterm', 'software'] as const).map((k) => ({ value: k, label: tv('kind', k) }))}
      />
    </div>
  );
};

/** The list itself: loading, an error, "nothing here", or the cards with "show more". */
export const ListBody = ({
  list,
  empty,
  renderItem,
  renderItems = (items) => <ul class="cards">{items.map((item) => renderItem?.(item))}</ul>,
}: {
  list: ReturnType<typeof useRegistrationList>;
  empty: string;
  /** Each item as a card, or `renderItems` for the whole page's items (a table). */
  renderItem?: (item: RegistrationSummary) => ComponentChildren;
  renderItems?: (items: RegistrationSummary[]) => ComponentChildren;
}) => {
  const { t } = useApp();
  if (list.loading && !list.data) return <Loading />;
  if (!list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (list.data.items.length === 0) return <p>{empty}</p>;
  return (
    <>
      {renderItems(list.data.items)}
      {list.more.error ? <ErrorNotice error={list.more.error} /> : null}
      {list.data.nextToken && (
        <button type="button" class="button button--secondary" disabled={list.more.busy} onClick={() => void list.loadMore()}>
          {t('loadMore')}
        </button>
      )}
    </>
  );
};

/** My registrations, newest first, with their status; each links to its page with the history. */
export const MyRegistrationsPage = () => {
  const { t } = useApp();
  const [filters, setFilters] = useState<Record<string, string>>({});
  const list = useRegistrationList({ view: 'mine', status: (filters.status ?? '') as ListQuery['status'], kind: (filters.kind ?? '') as ListQuery['kind'] });
  return (
    <>
      <PageHeading title={t('mineTitle')}>{t('mineTitle')}</PageHeading>
      <p class="actions">
        <a class="button" href={href('/new/midterm')}>
          {t('navNewMidterm')}
        </a>
        <a class="button button--secondary" href={href('/new/software')}>
          {t('navNewSoftware')}
        </a>
      </p>
      <Filters filters={filters} setFilters={setFilters} />
      <ListBody list={list} empty={t('mineEmpty')} renderItem={(item) => <RegistrationCard key={item.id} item={item} />} />
    </>
  );
};

/** The groups of mine that still have to decide this registration's current round. */
export const pendingGroupsFor = (item: RegistrationSummary, mine: ApproverGroup[]): ApproverGroup[] =>
  item.status === 'PENDING_APPROVAL'
    ? item.approvals.filter((a) => a.round === item.round && a.state === 'PENDING' && mine.includes(a.group)).map((a) => a.group)
    : [];
