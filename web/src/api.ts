import type { FieldError } from '../../shared/errors';
import type {
  ApproverGroup,
  Decision,
  Registration,
  RegistrationInput,
  RegistrationStatus,
} from '../../shared/contracts/registration';

/**
 * The registrations API as the pages use it. Errors arrive as RFC 9457 problem details;
 * they are thrown as ApiError so a page can put `errors[].path` next to its fields.
 */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('network error', options);
    this.name = 'NetworkError';
  }
}

/** A list item: a registration without its history. */
export type RegistrationSummary = Omit<Registration, 'history'> & Partial<Pick<Registration, 'history'>>;

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

export interface ApprovalLink {
  registration: Registration;
  group: ApproverGroup;
  round: number;
  expiresAt: string;
}

export interface ListQuery {
  view: 'mine' | 'queue';
  status?: RegistrationStatus | '';
  kind?: Registration['kind'] | '';
  nextToken?: string | null;
}

export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export const createApi = (apiUrl: string, token: () => string | null, onUnauthorized: () => void) => {
  const call = async <T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {}) => {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
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
    const problem = (body && typeof body === 'object' ? body : {}) as Partial<Problem> & { message?: string };
    throw new ApiError(res.status, {
      ...problem,
      status: res.status,
      title: problem.title ?? problem.message ?? res.statusText,
    });
  };

  const enc = encodeURIComponent;
  return {
    list: (q: ListQuery) => {
      const params = new URLSearchParams({ view: q.view });
      if (q.status) params.set('status', q.status);
      if (q.kind) params.set('kind', q.kind);
      if (q.nextToken) params.set('nextToken', q.nextToken);
      return call<Page<RegistrationSummary>>('GET', `/registrations?${params}`);
    },
    get: (id: string) => call<Registration>('GET', `/registrations/${enc(id)}`),
    submit: (input: RegistrationInput, idempotencyKey: string) =>
      call<Registration>('POST', '/registrations', { body: input, headers: { 'idempotency-key': idempotencyKey } }),
    resubmit: (id: string, input: RegistrationInput) => call<Registration>('PUT', `/registrations/${enc(id)}`, { body: input }),
    cancel: (id: string, reason: string) =>
      call<Registration>('POST', `/registrations/${enc(id)}/cancel`, { body: reason ? { reason } : {} }),
    decide: (id: string, group: ApproverGroup, decision: Decision, comment: string) =>
      call<Registration>('POST', `/registrations/${enc(id)}/decisions`, { body: { group, decision, comment } }),
    approvalLink: (linkId: string) => call<ApprovalLink>('GET', `/approval-links/${enc(linkId)}`, { auth: false }),
    decideByLink: (linkId: string, decision: Decision, comment: string) =>
      call<Registration>('POST', `/approval-links/${enc(linkId)}`, { body: { decision, comment }, auth: false }),
  };
};

export type Api = ReturnType<typeof createApi>;
