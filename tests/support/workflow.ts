import type { WorkflowActivity } from '../../local/workflow-activity';
import { ApiClient, type Identity } from './api-client';
import { midtermBody } from './fixtures';

type Ctx = { api: ApiClient };

/** Submits a registration and waits until the workflow has asked every group (their e-mails went out). */
export const submitAndWaitForApprovers = async (ctx: Ctx, who: Identity, body: Record<string, unknown> = midtermBody(), timeoutMs = 15_000) => {
  const res = await ctx.api.request('POST', '/registrations', { as: who, body });
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  const groups = res.body.derived.approvers.length as number;
  await ApiClient.eventually(
    async () => (await ctx.api.mail()).filter((m) => m.text.includes(res.body.id) && /Decision wanted/.test(m.subject)).length >= groups,
    timeoutMs,
    'approver e-mails',
  );
  return res.body as { id: string; round: number; derived: { approvers: string[] } } & Record<string, any>;
};

export const decide = (ctx: Ctx, who: Identity, id: string, group: string, decision: string, comment = '') =>
  ctx.api.request('POST', `/registrations/${id}/decisions`, { as: who, body: { group, decision, comment } });

export const waitForStatus = (ctx: Ctx, who: Identity, id: string, status: string, timeoutMs = 15_000) =>
  ApiClient.eventually(
    async () => {
      const r = await ctx.api.request('GET', `/registrations/${id}`, { as: who });
      return r.body.status === status ? r.body : undefined;
    },
    timeoutMs,
    `status ${status}`,
  );

export const mailsAbout = async (ctx: Ctx, id: string) => (await ctx.api.mail()).filter((m) => m.text.includes(id));

/** The single-use link id in an approver e-mail. */
export const linkIdIn = (text: string) => text.match(/#\/confirm\/([A-Za-z0-9_-]{43})/)?.[1];

/** The ids of every registration a caller's list shows, following nextToken page by page. */
export const listAllIds = async (ctx: Ctx, who: { as?: Identity; headers?: Record<string, string> }, query = '') => {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const res: { status: number; body: { items: { id: string }[]; nextToken: string | null } } = await ctx.api.request(
      'GET',
      `/registrations?limit=100${query ? `&${query}` : ''}${token ? `&nextToken=${token}` : ''}`,
      who,
    );
    if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...res.body.items.map((i) => i.id));
    token = res.body.nextToken;
  } while (token);
  return ids;
};

/**
 * Waits until local mode's workflow has no work in progress (GET /dev/idle), seen on two looks
 * in a row, as a step that just ended may start the next. An execution waiting for a decision,
 * or in a Wait state due more than a minute later, is idle. Check that something did not
 * happen (twice) after this, not after a fixed pause: a late duplicate then shows.
 */
export const waitForIdle = async (local: string | { url: string }, { timeoutMs = 20_000 } = {}) => {
  const url = `${typeof local === 'string' ? local : local.url}/dev/idle`;
  let streak = 0;
  let last: WorkflowActivity | undefined;
  try {
    return await ApiClient.eventually(
      async () => {
        const before = streak;
        streak = 0;
        last = (await (await fetch(url)).json()) as WorkflowActivity;
        streak = last.idle === true ? before + 1 : 0;
        return streak >= 2 ? last : undefined;
      },
      timeoutMs,
      'the workflow to be idle',
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`, { cause: error });
  }
};
