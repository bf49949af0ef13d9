import { useRef, useState } from 'preact/hooks';
import type { Calendar, CalendarItem } from '../../../shared/contracts/calendar';
import type { CalendarFeed, CreatedFeed } from '../../../shared/contracts/calendar-feeds';
import type { ApproverGroup } from '../../../shared/contracts/registration';
import { addDays, datesFrom, startOfLocalDay } from '../../../shared/rules/capacity';
import { localDate } from '../../../shared/rules/exam-rules';
import { useApp } from '../app-context';
import { approverGroups } from '../auth';
import { ErrorNotice, Loading, Notice, PageHeading, describeError, useLoad } from '../components/common';
import { href } from '../router';
import { type CalendarWord, calendarWord } from './calendar-words';
import './calendar.css';

/**
 * The calendar (week and month), the load chart approvers decide with, the subscription to an
 * iCalendar feed, and the people on duty per date. Loaded on demand: the rest of the app does
 * not carry it.
 */

type View = 'week' | 'month';

const useWords = () => {
  const app = useApp();
  return { ...app, w: (key: CalendarWord, vars?: Record<string, string | number>) => calendarWord(app.lang, key, vars) };
};

const LOCALES = { en: 'en-GB', nb: 'nb-NO' } as const;

/** A calendar date (YYYY-MM-DD) in words; noon UTC keeps it the same date everywhere. */
const dateWords = (lang: 'en' | 'nb', date: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
const timeWords = (lang: 'en' | 'nb', instant: number, timeZone: string) =>
  new Intl.DateTimeFormat(LOCALES[lang], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(instant));
const whenWords = (lang: 'en' | 'nb', instant: number, timeZone: string) =>
  `${dateWords(lang, localDate(new Date(instant), timeZone), { weekday: 'short', day: 'numeric', month: 'short' })} ${timeWords(lang, instant, timeZone)}`;

/** Monday is the first day of the week (ISO 8601), as in Norway. */
const mondayOf = (date: string) => addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7));
const isoWeek = (date: string) => {
  const thursday = addDays(mondayOf(date), 3);
  const jan1 = `${thursday.slice(0, 4)}-01-01`;
  return Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000 / 7) + 1;
};
const monthEnd = (date: string) => addDays(`${addDays(`${date.slice(0, 7)}-28`, 4).slice(0, 7)}-01`, -1);

/** The dates a view shows around a date: its week, or the weeks that hold its month. */
export const rangeOf = (view: View, date: string) => {
  if (view === 'week') {
    const from = mondayOf(date);
    return { from, to: addDays(from, 6), month: null };
  }
  const first = `${date.slice(0, 7)}-01`;
  return { from: mondayOf(first), to: addDays(mondayOf(monthEnd(first)), 6), month: date.slice(0, 7) };
};

const stepOf = (view: View, date: string, by: number) =>
  view === 'week' ? addDays(mondayOf(date), 7 * by) : addDays(`${date.slice(0, 7)}-15`, 30 * by).slice(0, 7) + '-01';

/* ---------- Exams as blocks ---------- */

const ExamBlock = ({ item, timeZone }: { item: CalendarItem; timeZone: string }) => {
  const { lang, tv, w } = useWords();
  const start = Date.parse(item.exam.start);
  const end = Date.parse(item.exam.end);
  const demand = Object.entries(item.demand);
  return (
    <li class={`cal-exam cal-exam--${item.status.toLowerCase().replace(/_/g, '-')}`}>
      <a href={href(`/registrations/${encodeURIComponent(item.id)}`)}>
        <span class="cal-exam__time">
          {timeWords(lang, start, timeZone)}–{timeWords(lang, end, timeZone)}
        </span>{' '}
        <span class="cal-exam__course">
          {item.course.code} {item.course.name}
        </span>
      </a>
      <span class="cal-exam__meta">
        {tv('status', item.status)} · {w('candidates', { n: item.candidates })}
        {demand.length > 0 && ` · ${demand.map(([g, n]) => w('needs', { group: tv('groupShort', g), n })).join(', ')}`}
      </span>
    </li>
  );
};

const Days = ({
  view,
  dates,
  month,
  items,
  timeZone,
  today,
}: {
  view: View;
  dates: string[];
  month: string | null;
  items: CalendarItem[];
  timeZone: string;
  today: string;
}) => {
  const { lang, w } = useWords();
  return (
    <ol class={`cal-days cal-days--${view}`}>
      {dates.map((date) => {
        const from = startOfLocalDay(date, timeZone);
        const to = startOfLocalDay(addDays(date, 1), timeZone);
        const exams = items.filter((i) => Date.parse(i.exam.start) < to && Date.parse(i.exam.end) > from);
        const outside = month !== null && !date.startsWith(month);
        const title = dateWords(lang, date, { weekday: 'long', day: 'numeric', month: 'long' });
        return (
          <li
            key={date}
            class={`cal-day${exams.length === 0 ? ' cal-day--empty' : ''}${outside ? ' cal-day--outside' : ''}${date === today ? ' cal-day--today' : ''}`}
            aria-current={date === today ? 'date' : undefined}
          >
            <h3 class="cal-day__title">
              <span aria-hidden="true">{dateWords(lang, date, { weekday: 'short', day: 'numeric', month: view === 'week' ? 'short' : undefined })}</span>
              <span class="visually-hidden">{title}</span>
            </h3>
            {exams.length === 0 ? (
              <p class="cal-day__none">{w('noExams')}</p>
            ) : (
              <ul class="cal-day__exams" aria-label={w('examsOn', { day: title })}>
                {exams.map((item) => (
                  <ExamBlock key={item.id} item={item} timeZone={timeZone} />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
};

/* ---------- Load against the people on duty ---------- */

type Step = Calendar['load'][number];

/** Adjacent steps merged while `pick` holds, as stretches of time. */
const stretches = (steps: Step[], pick: (s: Step) => boolean) => {
  const out: { from: number; to: number; steps: Step[] }[] = [];
  for (const s of steps) {
    if (!pick(s)) continue;
    const from = Date.parse(s.from);
    const last = out.at(-1);
    if (last && last.to === from) {
      last.to = Date.parse(s.to);
      last.steps.push(s);
    } else out.push({ from, to: Date.parse(s.to), steps: [s] });
  }
  return out;
};

const W = 720;
const H = 180;
const PAD = { left: 30, right: 8, top: 10, bottom: 22 };

const LoadChart = ({ group, steps, dates, timeZone }: { group: ApproverGroup; steps: Step[]; dates: string[]; timeZone: string }) => {
  const { lang, tv, w } = useWords();
  const start = startOfLocalDay(dates[0] as string, timeZone);
  const end = startOfLocalDay(addDays(dates.at(-1) as string, 1), timeZone);
  const top = Math.max(1, ...steps.map((s) => Math.max(s.staffOnDuty, s.committed + s.tentative)));
  const yMax = Math.ceil(top * 1.15);
  const x = (t: number) => PAD.left + ((t - start) / (end - start)) * (W - PAD.left - PAD.right);
  const y = (n: number) => H - PAD.bottom - (n / yMax) * (H - PAD.top - PAD.bottom);
  const groupName = tv('group', group);
  const committed = Math.max(0, ...steps.map((s) => s.committed));
  const total = Math.max(0, ...steps.map((s) => s.committed + s.tentative));
  const staff = steps.map((s) => s.staffOnDuty);
  const over = stretches(steps, (s) => s.committed > s.staffOnDuty);
  const wouldBe = stretches(steps, (s) => s.committed <= s.staffOnDuty && s.committed + s.tentative > s.staffOnDuty);
  const staffLine = steps
    .flatMap((s) => [`${x(Date.parse(s.from)).toFixed(1)},${y(s.staffOnDuty).toFixed(1)}`, `${x(Date.parse(s.to)).toFixed(1)},${y(s.staffOnDuty).toFixed(1)}`])
    .join(' ');
  const labelEvery = dates.length > 10 ? 7 : 1;
  const id = `load-${group}`;
  const summary = w('loadSummary', {
    group: groupName,
    committed,
    total,
    staffMin: Math.min(...(staff.length ? staff : [0])),
    staffMax: Math.max(...(staff.length ? staff : [0])),
  });
  const peak = (stretch: { steps: Step[] }, f: (s: Step) => number) => Math.max(...stretch.steps.map(f));
  return (
    <figure class="cal-load" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <strong>{groupName}</strong>: {summary.slice(groupName.length + 2)}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title`} class="cal-load__chart" preserveAspectRatio="none">
        <title id={`${id}-title`}>{`${w('loadChart', { group: groupName })}. ${summary}`}</title>
        {[0, Math.round(yMax / 2), yMax].map((n) => (
          <g key={n}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(n)} y2={y(n)} class="cal-load__grid" />
            <text x={PAD.left - 4} y={y(n) + 4} class="cal-load__axis" text-anchor="end">
              {n}
            </text>
          </g>
        ))}
        {dates.map((d, i) => {
          const at = x(startOfLocalDay(d, timeZone));
          return (
            <g key={d}>
              <line x1={at} x2={at} y1={PAD.top} y2={H - PAD.bottom} class="cal-load__grid" />
              {i % labelEvery === 0 && (
                <text x={at + 3} y={H - 6} class="cal-load__axis">
                  {dateWords(lang, d, { weekday: 'short', day: 'numeric' })}
                </text>
              )}
            </g>
          );
        })}
        {steps.map((s) => {
          const x0 = x(Date.parse(s.from));
          const width = Math.max(0.5, x(Date.parse(s.to)) - x0);
          return (
            <g key={s.from}>
              {s.tentative > 0 && (
                <rect x={x0} width={width} y={y(s.committed + s.tentative)} height={y(s.committed) - y(s.committed + s.tentative)} class="cal-load__tentative" />
              )}
              {s.committed > 0 && <rect x={x0} width={width} y={y(s.committed)} height={y(0) - y(s.committed)} class="cal-load__committed" />}
              {s.committed > s.staffOnDuty && <rect x={x0} width={width} y={y(s.committed)} height={y(s.staffOnDuty) - y(s.committed)} class="cal-load__over" />}
            </g>
          );
        })}
        {staffLine && <polyline points={staffLine} class="cal-load__staff" />}
      </svg>
      {over.length + wouldBe.length === 0 ? (
        <p class="cal-load__ok">{w('notOverbooked', { group: groupName })}</p>
      ) : (
        <ul class="cal-load__over-list" aria-label={w('overbookedList', { group: groupName })}>
          {over.map((o) => (
            <li key={`o${o.from}`} class="cal-load__over-item">
              {w('overbookedItem', {
                from: whenWords(lang, o.from, timeZone),
                to: timeWords(lang, o.to, timeZone),
                committed: peak(o, (s) => s.committed),
                staff: Math.min(...o.steps.map((s) => s.staffOnDuty)),
              })}
            </li>
          ))}
          {wouldBe.map((o) => (
            <li key={`t${o.from}`} class="cal-load__tight-item">
              {w('wouldOverbook', {
                from: whenWords(lang, o.from, timeZone),
                to: timeWords(lang, o.to, timeZone),
                total: peak(o, (s) => s.committed + s.tentative),
                staff: Math.min(...o.steps.map((s) => s.staffOnDuty)),
              })}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
};

/* ---------- Subscribing ---------- */

const copyText = async (text: string, input: HTMLInputElement | null) => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.select();
    return document.execCommand('copy');
  }
};

const Subscribe = () => {
  const app = useWords();
  const { w } = app;
  const feeds = useLoad(() => app.api.listFeeds(), []);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<CreatedFeed | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const urlRef = useRef<HTMLInputElement>(null);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const feed = await app.api.createFeed(label.trim());
      setCreated(feed);
      setLabel('');
      feeds.reload();
      requestAnimationFrame(() => urlRef.current?.focus());
    } catch (error) {
      setMessage({ kind: 'error', text: describeError(app, error) });
    } finally {
      setBusy(false);
    }
  };
  const nameOf = (f: CalendarFeed) => f.label || `${w('unnamedFeed')} ${app.dt(f.createdAt)}`;
  const revoke = async (f: CalendarFeed) => {
    try {
      await app.api.revokeFeed(f.id);
      if (created?.id === f.id) setCreated(null);
      setMessage({ kind: 'success', text: w('revoked', { name: nameOf(f) }) });
      feeds.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: describeError(app, error) });
    }
  };

  return (
    <section aria-labelledby="subscribe-title" class="cal-subscribe">
      <h2 id="subscribe-title">{w('subscribeTitle')}</h2>
      <p>{w('subscribeIntro')}</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {created && (
        <div class="cal-subscribe__created">
          <p>{w('feedCreated')}</p>
          <div class="field">
            <label for="feed-url">{w('feedUrl')}</label>
            <div class="cal-subscribe__copy">
              <input id="feed-url" ref={urlRef} type="text" readOnly value={created.url} onFocus={(e) => e.currentTarget.select()} />
              <button
                type="button"
                class="button button--secondary"
                onClick={() =>
                  void copyText(created.url, urlRef.current).then((ok) =>
                    setMessage(ok ? { kind: 'success', text: w('copied') } : { kind: 'error', text: w('copyFailed') }),
                  )
                }
              >
                {w('copy')}
              </button>
            </div>
          </div>
        </div>
      )}
      <form class="cal-subscribe__form" onSubmit={(e) => void create(e)}>
        <div class="field field--medium">
          <label for="feed-label">
            {w('feedLabel')} <span class="optional">({app.t('optional')})</span>
          </label>
          <p class="hint" id="feed-label-hint">
            {w('feedLabelHint')}
          </p>
          <input id="feed-label" type="text" maxLength={100} aria-describedby="feed-label-hint" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button" disabled={busy}>
          {w('createFeed')}
        </button>
      </form>
      <h3>{w('yourFeeds')}</h3>
      {feeds.loading && !feeds.data ? (
        <Loading />
      ) : !feeds.data ? (
        <ErrorNotice error={feeds.error} onRetry={feeds.reload} />
      ) : feeds.data.items.length === 0 ? (
        <p>{w('noFeeds')}</p>
      ) : (
        <ul class="cal-feeds">
          {feeds.data.items.map((f) => (
            <li key={f.id}>
              <span>
                <strong>{nameOf(f)}</strong> <span class="cal-feeds__at">{w('feedCreatedAt', { at: app.dt(f.createdAt) })}</span>
              </span>
              <button type="button" class="button button--danger button--small" aria-label={w('revokeNamed', { name: nameOf(f) })} onClick={() => void revoke(f)}>
                {w('revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

/* ---------- The page ---------- */

export const CalendarPage = ({ view, date }: { view: View; date: string | null }) => {
  const app = useWords();
  const { w, session } = app;
  const timeZone = app.config.rules.EXAM_TIME_ZONE;
  const today = localDate(new Date(), timeZone);
  const anchor = date ?? today;
  const range = rangeOf(view, anchor);
  const loaded = useLoad(() => app.api.calendar(range.from, range.to), [range.from, range.to]);
  const groups = session ? approverGroups(session) : [];
  const dates = datesFrom(range.from, range.to);
  const title = w('calendarTitle');
  const label =
    view === 'week'
      ? w('weekLabel', {
          week: isoWeek(range.from),
          from: dateWords(app.lang, range.from, { day: 'numeric', month: 'long' }),
          to: dateWords(app.lang, range.to, { day: 'numeric', month: 'long', year: 'numeric' }),
        })
      : dateWords(app.lang, `${range.month}-01`, { month: 'long', year: 'numeric' });
  const link = (v: View, d: string) => href(`/calendar/${v}/${d}`);

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p class="lead">{groups.length > 0 ? w('calendarIntroApprover') : w('calendarIntroStaff')}</p>
      <nav class="cal-nav" aria-label={w('viewChoice')}>
        <ul class="cal-nav__views">
          {(['week', 'month'] as const).map((v) => (
            <li key={v}>
              <a href={link(v, anchor)} class={`button button--small${v === view ? '' : ' button--secondary'}`} aria-current={v === view ? 'page' : undefined}>
                {w(v === 'week' ? 'viewWeek' : 'viewMonth')}
              </a>
            </li>
          ))}
        </ul>
        <ul class="cal-nav__steps">
          <li>
            <a class="button button--secondary button--small" href={link(view, stepOf(view, anchor, -1))}>
              {w(view === 'week' ? 'previousWeek' : 'previousMonth')}
            </a>
          </li>
          <li>
            <a class="button button--secondary button--small" href={link(view, today)}>
              {w('today')}
            </a>
          </li>
          <li>
            <a class="button button--secondary button--small" href={link(view, stepOf(view, anchor, 1))}>
              {w(view === 'week' ? 'nextWeek' : 'nextMonth')}
            </a>
          </li>
        </ul>
      </nav>
      <h2 class="cal-range" aria-live="polite">
        {label}
      </h2>
      {loaded.loading && !loaded.data ? (
        <Loading />
      ) : !loaded.data ? (
        <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          <p>{w('examCount', { n: loaded.data.items.length })}</p>
          {groups.length > 0 && (
            <section aria-labelledby="load-title" class="cal-loads">
              <h2 id="load-title">{w('loadTitle')}</h2>
              <p class="hint">{w('loadIntro')}</p>
              {groups.map((g) => (
                <LoadChart key={g} group={g} steps={loaded.data?.load.filter((s) => s.group === g) ?? []} dates={dates} timeZone={timeZone} />
              ))}
              <p>
                <a href={href(`/staffing/${groups[0]}`)}>{w('staffingLink')}</a>
              </p>
            </section>
          )}
          <section aria-labelledby="days-title">
            <h2 id="days-title" class="visually-hidden">
              {label}
            </h2>
            <Days view={view} dates={dates} month={range.month} items={loaded.data.items} timeZone={timeZone} today={today} />
          </section>
        </>
      )}
      <Subscribe />
    </>
  );
};

/* ---------- People on duty ---------- */

const SPAN_DAYS = 28;

export const StaffingPage = ({ group: wanted }: { group: ApproverGroup | null }) => {
  const app = useWords();
  const { w, tv, session } = app;
  const timeZone = app.config.rules.EXAM_TIME_ZONE;
  const today = localDate(new Date(), timeZone);
  const groups = session ? approverGroups(session) : [];
  const group = wanted && groups.includes(wanted) ? wanted : groups[0];
  const [from, setFrom] = useState(today);
  const to = addDays(from, SPAN_DAYS - 1);
  const loaded = useLoad(() => (group ? app.api.calendar(from, to) : Promise.resolve(null)), [group, from]);
  const [form, setForm] = useState({ date: today, staffOnDuty: '', comment: '' });
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const title = w('staffingTitle');

  if (!group) {
    return (
      <>
        <PageHeading title={title}>{title}</PageHeading>
        <Notice kind="info">{w('notApprover')}</Notice>
      </>
    );
  }
  const groupName = tv('group', group);
  const steps = (loaded.data?.load ?? []).filter((s) => s.group === group);
  const rows = datesFrom(from, to).map((date) => {
    const start = startOfLocalDay(date, timeZone);
    const end = startOfLocalDay(addDays(date, 1), timeZone);
    const day = steps.filter((s) => Date.parse(s.from) < end && Date.parse(s.to) > start);
    return {
      date,
      onDuty: day.length ? Math.min(...day.map((s) => s.staffOnDuty)) : null,
      committed: Math.max(0, ...day.map((s) => s.committed)),
      total: Math.max(0, ...day.map((s) => s.committed + s.tentative)),
    };
  });
  const save = async (e: Event) => {
    e.preventDefault();
    setMessage(null);
    try {
      const saved = await app.api.setStaffing(group, form.date, Number(form.staffOnDuty), form.comment.trim());
      setMessage({ kind: 'success', text: w('saved', { group: groupName, n: saved.staffOnDuty, date: dateWords(app.lang, saved.date, { dateStyle: 'full' }) }) });
      loaded.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: describeError(app, error) });
    }
  };

  return (
    <>
      <PageHeading title={title}>{`${title}: ${groupName}`}</PageHeading>
      <p class="lead">{w('staffingIntro', { group: groupName })}</p>
      <p>
        <a href={href('/calendar')}>{w('backToCalendar')}</a>
      </p>
      {groups.length > 1 && (
        <nav aria-label={w('staffingGroup')}>
          <ul class="cal-nav__views">
            {groups.map((g) => (
              <li key={g}>
                <a
                  href={href(`/staffing/${g}`)}
                  class={`button button--small${g === group ? '' : ' button--secondary'}`}
                  aria-current={g === group ? 'page' : undefined}
                >
                  {tv('group', g)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <form class="cal-staffing-form" onSubmit={(e) => void save(e)} aria-labelledby="staffing-form-title">
        <h2 id="staffing-form-title">{w('staffingForm')}</h2>
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
        <div class="cal-staffing-form__fields">
          <div class="field field--medium">
            <label for="staffing-date">{w('staffingDate')}</label>
            <input
              id="staffing-date"
              ref={dateRef}
              type="date"
              required
              min={today}
              value={form.date}
              onInput={(e) => setForm({ ...form, date: e.currentTarget.value })}
            />
          </div>
          <div class="field field--medium">
            <label for="staffing-count">{w('staffingCount')}</label>
            <input
              id="staffing-count"
              type="number"
              inputMode="numeric"
              required
              min={0}
              max={1000}
              step={1}
              value={form.staffOnDuty}
              onInput={(e) => setForm({ ...form, staffOnDuty: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="staffing-comment">
              {w('staffingComment')} <span class="optional">({app.t('optional')})</span>
            </label>
            <input id="staffing-comment" type="text" maxLength={500} value={form.comment} onInput={(e) => setForm({ ...form, comment: e.currentTarget.value })} />
          </div>
        </div>
        <button type="submit" class="button">
          {w('save')}
        </button>
      </form>
      <h2 aria-live="polite">
        {w('staffingFrom', {
          from: dateWords(app.lang, from, { day: 'numeric', month: 'long' }),
          to: dateWords(app.lang, to, { day: 'numeric', month: 'long', year: 'numeric' }),
        })}
      </h2>
      <p class="actions">
        <button type="button" class="button button--secondary button--small" disabled={from <= today} onClick={() => setFrom(addDays(from, -SPAN_DAYS))}>
          {w('earlier')}
        </button>
        <button type="button" class="button button--secondary button--small" onClick={() => setFrom(addDays(from, SPAN_DAYS))}>
          {w('later')}
        </button>
      </p>
      {loaded.loading && !loaded.data ? (
        <Loading />
      ) : !loaded.data ? (
        <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <div class="table-scroll">
          <table class="cal-staffing">
            <thead>
              <tr>
                <th scope="col">{w('colDate')}</th>
                <th scope="col">{w('colOnDuty')}</th>
                <th scope="col">{w('colNeeded')}</th>
                <th scope="col">
                  <span class="visually-hidden">{w('change')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const dateText = dateWords(app.lang, r.date, { weekday: 'short', day: 'numeric', month: 'short' });
                const over = r.onDuty !== null && r.committed > r.onDuty;
                return (
                  <tr key={r.date} class={over ? 'cal-staffing__over' : undefined}>
                    <th scope="row">{dateText}</th>
                    <td>{r.onDuty ?? '–'}</td>
                    <td>
                      {r.committed} / {r.total}
                      {over && <span class="cal-staffing__flag"> · {app.t('capacityOverbooked')}</span>}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        aria-label={w('changeDate', { date: dateText })}
                        disabled={r.date < today}
                        onClick={() => {
                          setForm({ date: r.date, staffOnDuty: r.onDuty === null ? '' : String(r.onDuty), comment: '' });
                          requestAnimationFrame(() => dateRef.current?.focus());
                        }}
                      >
                        {w('change')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
};
