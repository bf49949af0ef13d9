import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ROUTES, type RouteDefinition, routeKey } from '../functions/http/routes';
import { RulesConfigSchema } from '../shared/contracts/env';
import { checkInput } from '../shared/contracts/parse';
import type { FieldError, ProblemCode, ProblemDetails } from '../shared/contracts/problem';
import { SECURITY_HEADERS, contentSecurityPolicy } from '../shared/contracts/web-security';
import { DevTokenRequestSchema, type DevAuth, tokenFromAuthorization } from './dev-auth';
import { type LocalLambdas, LocalLambdasStopped } from './lambda-runtime';
import type { SentMail } from './ses-local';
import type { WorkflowActivity } from './workflow-activity';

/** API Gateway refuses bodies over 10 MB before any function runs. */
const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;
/** An HTTP API waits at most 30 s for its integration, then answers 503 itself. */
const API_GATEWAY_INTEGRATION_TIMEOUT_MS = 30_000;
const TIMED_OUT = Symbol('timed out');
/** What API Gateway answers when no answer came in time; local mode also answers it while it stops. */
const SERVICE_UNAVAILABLE = { message: 'Service Unavailable' };

/** The client closed its connection while its request was being read: nobody waits for an answer. */
class ClientGone extends Error {}

/** The invocation's answer, or TIMED_OUT when it has none after `ms`. */
const within = async <T>(invocation: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([invocation, new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)))]);
  } finally {
    clearTimeout(timer);
  }
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

interface CompiledRoute extends RouteDefinition {
  pattern: RegExp;
  params: string[];
}

const compile = (r: RouteDefinition): CompiledRoute => {
  const params: string[] = [];
  const source = r.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { ...r, pattern: new RegExp(`^${source}$`), params };
};

/** Path parameters as API Gateway decodes them, or null when the path is not valid percent-encoding. */
const decodePathParameters = (names: string[], match: RegExpMatchArray | []): Record<string, string> | null => {
  try {
    return Object.fromEntries(names.map((p, i) => [p, decodeURIComponent(match[i + 1] ?? '')]));
  } catch {
    return null;
  }
};

/** The headers CloudFront sends with the web app; locally the API is on the page's own origin. */
const webHeaders = (connect: readonly string[]) => ({ 'content-security-policy': contentSecurityPolicy(connect), ...SECURITY_HEADERS });

/**
 * API Gateway's JWT authorizer hands claims to the integration as strings; arrays become
 * "[a b]". Local mode does the same so handlers see exactly what they see when deployed.
 */
const claimsAsApiGatewayDoes = (claims: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v)]));

/**
 * The web app's runtime configuration in local mode: the API on the same origin, dev-token
 * sign-in, and the rules settings the handlers run with (read when asked, so the browser's
 * live checks use the same exam periods and lead time as the API).
 */
const localWebConfig = () => ({
  mode: 'local',
  apiUrl: '',
  rules: Object.fromEntries(Object.keys(RulesConfigSchema.shape).flatMap((k) => (process.env[k] !== undefined ? [[k, process.env[k]]] : []))),
});

export interface ApiServerOptions {
  lambdas: LocalLambdas;
  auth: DevAuth;
  listMail: () => Promise<SentMail[]>;
  /** Whether the workflow has work in progress (GET /dev/idle). */
  workflowActivity: () => WorkflowActivity;
  /** Built web front end served at `/`, when present. */
  webDir?: string;
  /** Origins the web app may call besides this server (its CSP's connect-src); none by default. */
  connectOrigins?: string[];
  /** How long a function may take to answer before the caller gets 503 (API Gateway's 30 s unless a test says otherwise). */
  integrationTimeoutMs?: number;
  /** Where a function that ran past its own timeout or the integration's, or an error of the gateway, is reported (stderr by default). */
  warn?: (message: string) => void;
}

/** The local stand-in for API Gateway (HTTP API, payload 2.0), plus the local-only /dev routes. */
export class LocalApiServer {
  private readonly routes = ROUTES.map(compile);
  private server: Server | null = null;

  constructor(private readonly o: ApiServerOptions) {}

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (error instanceof ClientGone) return;
        // Local mode is stopping: the request came too late to run.
        if (error instanceof LocalLambdasStopped) return this.send(res, 503, SERVICE_UNAVAILABLE);
        // What API Gateway answers when the function fails.
        if (!res.headersSent) this.send(res, 502, { message: 'Internal Server Error' });
        this.report(`local API gateway error: ${error.stack ?? error.message}`);
      });
    });
    // Idle connections stay open longer than clients keep them (as API Gateway's and load balancers'
    // do), so a client never reuses a socket the server is closing at that moment (ECONNRESET).
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, resolve);
    });
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const s = this.server;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  /** Names this server's mail list, for `GET /dev/mail?list=…&from=…`. */
  private readonly mailList = randomUUID();

  /**
   * GET /dev/mail: every e-mail the system sent, oldest first. A client that already holds the
   * first N asks with `?list=<x-mail-list>&from=N` for the rest only; the answer's
   * `x-mail-from` says where it starts (0 when the list is not the one the client holds).
   */
  private async devMail(url: URL, res: ServerResponse) {
    const mail = await this.o.listMail();
    const asked = Number(url.searchParams.get('from') ?? 0);
    const from = url.searchParams.get('list') === this.mailList && Number.isSafeInteger(asked) && asked >= 0 && asked <= mail.length ? asked : 0;
    return this.send(res, 200, mail.slice(from), { 'x-mail-list': this.mailList, 'x-mail-from': String(from), 'cache-control': 'no-store' });
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private async readBody(req: IncomingMessage): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > API_GATEWAY_MAX_BODY) return null;
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      // A tab closed or a page left while its request was being sent (Node fails the read with ECONNRESET).
      if ((error as { code?: string }).code === 'ECONNRESET') throw new ClientGone();
      throw error;
    }
    return Buffer.concat(chunks);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname === '/dev/token' && method === 'POST') return this.devToken(req, res);
    if (url.pathname === '/dev/mail' && method === 'GET') return this.devMail(url, res);
    if (url.pathname === '/dev/idle' && method === 'GET') return this.send(res, 200, this.o.workflowActivity(), { 'cache-control': 'no-store' });
    if (url.pathname === '/config.json' && method === 'GET') return this.send(res, 200, localWebConfig(), { 'cache-control': 'no-store' });

    const candidates = this.routes.filter((r) => r.pattern.test(url.pathname));
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      if (method === 'GET' && this.o.webDir && this.serveStatic(url.pathname, res)) return;
      if (method === 'OPTIONS') return res.writeHead(204).end();
      return this.send(res, candidates.length ? 405 : 404, { message: candidates.length ? 'Method Not Allowed' : 'Not Found' });
    }

    let claims: Record<string, unknown> | null = null;
    if (!route.public) {
      const token = tokenFromAuthorization(req.headers.authorization);
      claims = token ? await this.o.auth.verify(token) : null;
      if (!claims) {
        // What API Gateway's JWT authorizer answers; the function never runs.
        return this.send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
      }
    }

    const body = await this.readBody(req);
    // The rest of the body is not read: the connection is not reused after this answer.
    if (body === null) return this.send(res, 413, { message: 'Request Entity Too Large' }, { connection: 'close' });

    const match = url.pathname.match(route.pattern) ?? [];
    const pathParameters = decodePathParameters(route.params, match);
    // A path that is not valid percent-encoding never reaches a function.
    if (!pathParameters) return this.send(res, 400, { message: 'Bad Request' });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    // As API Gateway does: the scheme the client used (local mode serves plain HTTP).
    headers['x-forwarded-proto'] = 'http';
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const now = new Date();
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey: routeKey(route),
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(route.params.length ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claimsAsApiGatewayDoes(claims ?? {}), scopes: [] } },
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey: routeKey(route),
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(body.length ? { body: body.toString('utf8') } : {}),
      isBase64Encoded: false,
    };
    const result = await this.invoke(route, event);
    if (result === TIMED_OUT) return this.send(res, 503, SERVICE_UNAVAILABLE);
    res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
    res.end(result.body ?? '');
  }

  private report(message: string) {
    (this.o.warn ?? console.warn)(message);
  }

  /**
   * Runs the route's function as API Gateway does: an answer that takes longer than the
   * integration timeout (counted from the request, the function's cold start included) is not
   * waited for: the caller gets 503, and the function runs on, as it would on Lambda. A handler
   * that runs past its own timeout (counted from its call, as Lambda counts it) is reported, not
   * stopped; deployed, Lambda would stop it and the caller would get an error.
   */
  private async invoke(route: CompiledRoute, event: APIGatewayProxyEventV2WithJWTAuthorizer) {
    const requested = Date.now();
    const limitMs = this.o.lambdas.timeoutMs(route.entry);
    let called = requested;
    const invocation = this.o.lambdas.handler(route.entry).then(() => {
      called = Date.now();
      return this.o.lambdas.invoke(route.entry, event) as Promise<APIGatewayProxyStructuredResultV2>;
    });
    const reportOverrun = () => {
      const ran = Date.now() - called;
      if (ran > limitMs) this.report(`local API: ${routeKey(route)} ran ${ran} ms, past its function's ${limitMs} ms timeout (deployed, Lambda stops it)`);
    };
    const result = await within(invocation, this.o.integrationTimeoutMs ?? API_GATEWAY_INTEGRATION_TIMEOUT_MS);
    if (result === TIMED_OUT) {
      this.report(`local API: ${routeKey(route)} gave no answer within ${Date.now() - requested} ms, API Gateway's integration timeout; answered 503`);
      invocation.then(reportOverrun, (error: Error) => this.report(`local API: ${routeKey(route)} failed after its 503: ${error.message}`));
    } else reportOverrun();
    return result;
  }

  private async devToken(req: IncomingMessage, res: ServerResponse) {
    const raw = await this.readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw?.toString('utf8') ?? '');
    } catch {
      return this.problem(res, 400, 'BAD_REQUEST', 'The body is not valid JSON', []);
    }
    const parsed = checkInput(DevTokenRequestSchema, body);
    if (!parsed.success) return this.problem(res, 400, 'VALIDATION_FAILED', 'Invalid token request', parsed.errors);
    this.send(res, 200, { token: await this.o.auth.issue(parsed.data) });
  }

  private problem(res: ServerResponse, status: number, code: ProblemCode, detail: string, errors: FieldError[]) {
    res.writeHead(status, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Bad request', status, code, detail, errors } satisfies ProblemDetails));
  }

  private serveStatic(pathname: string, res: ServerResponse): boolean {
    const root = this.o.webDir as string;
    const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    if (!file.startsWith(path.resolve(root) + path.sep)) return false;
    const target = existsSync(file) && statSync(file).isFile() ? file : path.join(root, 'index.html');
    if (!existsSync(target)) return false;
    res.writeHead(200, {
      ...webHeaders(this.o.connectOrigins ?? []),
      'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
      'cache-control': target.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(target).pipe(res);
    return true;
  }
}
