/**
 * The HTTP routes and the handler module behind each. The CDK stack builds one function
 * and one API Gateway route per entry; local mode serves the same table. Paths are
 * relative to functions/.
 */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** Handler module, relative to functions/. */
  entry: string;
  /** Construct id of the function. */
  id: string;
  /** Routes that need no token (the OpenAPI document). */
  public?: boolean;
  /** What the function may do with the table. */
  table: 'read' | 'write';
  /** Other services the function calls. */
  uses?: ('workflow' | 'mail')[];
}

export const ROUTES: RouteDefinition[] = [
  { method: 'POST', path: '/registrations', entry: 'http/submit-registration.ts', id: 'SubmitRegistration', table: 'write', uses: ['workflow'] },
  { method: 'GET', path: '/registrations/{id}', entry: 'http/get-registration.ts', id: 'GetRegistration', table: 'read' },
];

export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>) => `${r.method} ${r.path}`;
