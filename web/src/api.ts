import type {
  CatalogueEditInput,
  CatalogueEntry,
  CatalogueEntryInput,
  CatalogueEntryView,
  CatalogueList,
  CatalogueRetireInput,
  Rehearsal,
  SoftwareSetup,
} from '../../shared/contracts/catalogue';
import type { CancelInput, DecisionInput, ExtraTimeInput, LinkDecisionInput, ListQuery as ListQueryParams } from '../../shared/contracts/http';
import type { Calendar, StaffingOverride } from '../../shared/contracts/calendar';
import type { CreatedFeed, FeedList } from '../../shared/contracts/calendar-feeds';
import type { ApprovalLinkView, CandidateListResult, RegistrationList, RegistrationView, StudentLetterView } from '../../shared/contracts/http-responses';
import type { ProblemDetails } from '../../shared/contracts/problem';
import { defaultProblemCode } from '../../shared/contracts/problem-codes';
import type { ApproverGroup, Decision, Registration, RegistrationInput } from '../../shared/contracts/registration';
import type { Candidate, CandidateListInput, Incident, IncidentInput } from '../../shared/contracts/student-notices';

export type { RegistrationSummary } from '../../shared/contracts/http-responses';

/**
 * The registrations API as the pages use it; every body and answer is typed by the shared
 * contracts. Errors arrive as RFC 9457 problem details; they are thrown as ApiError so a page
 * can word them by `code` and put `errors[].path` next to its fields.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get code() {
    return this.problem.code;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('network error', options);
    this.name = 'NetworkError';
  }
}

/**
 * An error answer as problem details. What is not one (a gateway's own `{ "message" }`, a
 * proxy's page) gets the code its status stands for.
 */
export const toProblem = (status: number, statusText: string, body: unknown): ProblemDetails => {
  const p = (body && typeof body === 'object' ? body : {}) as Partial<ProblemDetails> & { message?: unknown };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    type: text(p.type) ?? 'about:blank',
    title: text(p.title) ?? text(p.message) ?? statusText,
    status,
    code: text(p.code) ? (p.code as ProblemDetails['code']) : defaultProblemCode(status),
    detail: text(p.detail) ?? '',
    ...(Array.isArray(p.errors) ? { errors: p.errors } : {}),
  };
};

/** The list filters as the pages hold them: `''` is "all". */
export interface ListQuery {
  view: NonNullable<ListQueryParams['view']>;
  status?: ListQueryParams['status'] | '';
  kind?: ListQueryParams['kind'] | '';
  nextToken?: ListQueryParams['nextToken'] | null;
  /** The queue's and decided view's filters (`''` is "all"). */
  group?: ListQueryParams['group'] | '';
  examType?: ListQueryParams['examType'] | '';
  from?: string;
  to?: string;
  resubmitted?: ListQueryParams['resubmitted'] | '';
  q?: string;
  limit?: number;
}

export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** `language`: the page's language, sent as Accept-Language so the e-mails to the user come in it. */
export const createApi = (apiUrl: string, token: () => string | null, onUnauthorized: () => void, language = 'en') => {
  const call = async <T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {}) => {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', 'accept-language': language, ...options.headers };
    const bearer = options.auth === false ? null : token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${apiUrl}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch (cause) {
      throw new NetworkError({ cause });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { detail: text };
    }
    if (res.ok) return body as T;
    if (res.status === 401 && options.auth !== false) onUnauthorized();
    throw new ApiError(res.status, toProblem(res.status, res.statusText, body));
  };

  const enc = encodeURIComponent;
  return {
    list: (q: ListQuery) => {
      const { view, limit, ...filters } = q;
      const params = new URLSearchParams({ view });
      for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
      if (limit) params.set('limit', String(limit));
      return call<RegistrationList>('GET', `/registrations?${params}`);
    },
    get: (id: string) => call<RegistrationView>('GET', `/registrations/${enc(id)}`),
    submit: (input: RegistrationInput, idempotencyKey: string) =>
      call<Registration>('POST', '/registrations', { body: input, headers: { 'idempotency-key': idempotencyKey } }),
    resubmit: (id: string, input: RegistrationInput) => call<Registration>('PUT', `/registrations/${enc(id)}`, { body: input }),
    cancel: (id: string, reason: string) =>
      call<Registration>('POST', `/registrations/${enc(id)}/cancel`, { body: (reason ? { reason } : {}) satisfies Partial<CancelInput> }),
    /**
     * With the round seen (refused if resubmitted since), an idempotency key (a retry of the same
     * decision is answered, not repeated), and `linkId`: a signed-in member of the group deciding on
     * the page an e-mail link opened (recorded in their name).
     */
    decide: (
      id: string,
      group: ApproverGroup,
      decision: Decision,
      comment: string,
      opts: { round?: number; idempotencyKey?: string; linkId?: string; addToCatalogue?: DecisionInput['addToCatalogue'] } = {},
    ) =>
      call<Registration>('POST', `/registrations/${enc(id)}/decisions`, {
        body: {
          group,
          decision,
          comment,
          ...(opts.round ? { round: opts.round } : {}),
          ...(opts.linkId ? { linkId: opts.linkId } : {}),
          ...(opts.addToCatalogue?.length ? { addToCatalogue: opts.addToCatalogue } : {}),
        } satisfies DecisionInput,
        ...(opts.idempotencyKey ? { headers: { 'idempotency-key': opts.idempotencyKey } } : {}),
      }),
    approvalLink: (linkId: string) => call<ApprovalLinkView>('GET', `/approval-links/${enc(linkId)}`, { auth: false }),
    decideByLink: (linkId: string, decision: Decision, comment: string) =>
      call<Registration>('POST', `/approval-links/${enc(linkId)}`, { body: { decision, comment } satisfies LinkDecisionInput, auth: false }),
    letter: (id: string) => call<StudentLetterView>('GET', `/registrations/${enc(id)}/letter`),
    putCandidates: (id: string, candidates: Candidate[]) =>
      call<CandidateListResult>('PUT', `/registrations/${enc(id)}/candidates`, { body: { candidates } satisfies CandidateListInput }),
    reportIncident: (id: string, input: IncidentInput, idempotencyKey: string) =>
      call<Incident>('POST', `/registrations/${enc(id)}/incidents`, { body: input, headers: { 'idempotency-key': idempotencyKey } }),
    decideExtraTime: (id: string, incidentId: string, input: ExtraTimeInput) =>
      call<Incident>('POST', `/registrations/${enc(id)}/incidents/${enc(incidentId)}/extra-time`, { body: input }),
    calendar: (from: string, to: string) => call<Calendar>('GET', `/calendar?${new URLSearchParams({ from, to })}`),
    setStaffing: (group: ApproverGroup, date: string, staffOnDuty: number, comment: string) =>
      call<StaffingOverride>('PUT', `/calendar/staffing/${enc(group)}/${enc(date)}`, { body: { staffOnDuty, comment } }),
    createFeed: (label: string) => call<CreatedFeed>('POST', '/calendar/feeds', { body: { label } }),
    listFeeds: () => call<FeedList>('GET', '/calendar/feeds'),
    revokeFeed: (id: string) => call<null>('DELETE', `/calendar/feeds/${enc(id)}`),
    catalogue: (q: string, retired: boolean) => call<CatalogueList>('GET', `/catalogue?${new URLSearchParams({ q, retired: retired ? 'include' : 'exclude' })}`),
    createCatalogueEntry: (input: CatalogueEntryInput) => call<CatalogueEntry>('POST', '/catalogue', { body: input }),
    catalogueEntry: (id: string) => call<CatalogueEntryView>('GET', `/catalogue/${enc(id)}`),
    /** A new revision; refused with 409 CONCURRENT_CHANGE when `basedOnRevision` is no longer the newest. */
    editCatalogueEntry: (id: string, input: CatalogueEditInput) => call<CatalogueEntry>('PUT', `/catalogue/${enc(id)}`, { body: input }),
    retireCatalogueEntry: (id: string, input: CatalogueRetireInput) => call<CatalogueEntry>('POST', `/catalogue/${enc(id)}/retire`, { body: input }),
    softwareSetup: (id: string) => call<SoftwareSetup>('GET', `/registrations/${enc(id)}/software-setup`),
    recordRehearsal: (id: string, input: { result: 'tested' | 'failed'; comment: string }) =>
      call<Rehearsal>('PUT', `/registrations/${enc(id)}/rehearsal`, { body: input }),
    /** The allow-list as a file (the bearer token goes with the request, so not a plain link). */
    allowList: async (id: string, format: 'text' | 'seb') => {
      const bearer = token();
      const res = await fetch(`${apiUrl}/registrations/${enc(id)}/seb-allow-list?format=${format}`, {
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      });
      if (!res.ok) throw new ApiError(res.status, toProblem(res.status, res.statusText, await res.json().catch(() => null)));
      return res.blob();
    },
  };
};

export type Api = ReturnType<typeof createApi>;
