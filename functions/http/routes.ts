/**
 * The HTTP routes and the handler module behind each. The CDK stack builds one function
 * and one API Gateway route per entry; local mode serves the same table. Paths are
 * relative to functions/.
 */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Handler module, relative to functions/. */
  entry: string;
  /** Construct id of the function. */
  id: string;
  /** Routes that need no token (the OpenAPI document, e-mail action links, calendar feeds: a secret in the path). */
  public?: boolean;
  /** What the function may do with the table. */
  table: 'read' | 'write' | 'none';
  /** Other services the function calls: start/stop approval rounds, resume waiting steps, send mail. */
  uses?: ('workflow' | 'callbacks' | 'mail')[];
}

export const ROUTES: RouteDefinition[] = [
  { method: 'POST', path: '/registrations', entry: 'http/submit-registration.ts', id: 'SubmitRegistration', table: 'write', uses: ['workflow'] },
  { method: 'GET', path: '/registrations', entry: 'http/list-registrations.ts', id: 'ListRegistrations', table: 'read' },
  { method: 'GET', path: '/registrations/{id}', entry: 'http/get-registration.ts', id: 'GetRegistration', table: 'read' },
  { method: 'PUT', path: '/registrations/{id}', entry: 'http/resubmit-registration.ts', id: 'ResubmitRegistration', table: 'write', uses: ['workflow'] },
  { method: 'POST', path: '/registrations/{id}/decisions', entry: 'http/decide-registration.ts', id: 'DecideRegistration', table: 'write', uses: ['callbacks'] },
  { method: 'POST', path: '/registrations/{id}/cancel', entry: 'http/cancel-registration.ts', id: 'CancelRegistration', table: 'write', uses: ['workflow'] },
  { method: 'GET', path: '/registrations/{id}/letter', entry: 'http/get-student-letter.ts', id: 'GetStudentLetter', table: 'read' },
  { method: 'PUT', path: '/registrations/{id}/candidates', entry: 'http/put-candidates.ts', id: 'PutCandidates', table: 'write' },
  { method: 'POST', path: '/registrations/{id}/incidents', entry: 'http/report-incident.ts', id: 'ReportIncident', table: 'write', uses: ['workflow', 'mail'] },
  { method: 'POST', path: '/registrations/{id}/incidents/{incidentId}/extra-time', entry: 'http/decide-extra-time.ts', id: 'DecideExtraTime', table: 'write' },
  { method: 'GET', path: '/registrations/{id}/software-setup', entry: 'http/get-software-setup.ts', id: 'GetSoftwareSetup', table: 'read' },
  { method: 'PUT', path: '/registrations/{id}/rehearsal', entry: 'http/record-rehearsal.ts', id: 'RecordRehearsal', table: 'write' },
  { method: 'GET', path: '/registrations/{id}/seb-allow-list', entry: 'http/get-seb-allow-list.ts', id: 'GetSebAllowList', table: 'read' },
  { method: 'GET', path: '/approval-links/{linkId}', entry: 'http/view-approval-link.ts', id: 'ViewApprovalLink', table: 'read', public: true },
  {
    method: 'POST',
    path: '/approval-links/{linkId}',
    entry: 'http/decide-by-approval-link.ts',
    id: 'DecideByApprovalLink',
    table: 'write',
    public: true,
    uses: ['callbacks'],
  },
  { method: 'GET', path: '/calendar', entry: 'http/get-calendar.ts', id: 'GetCalendar', table: 'read' },
  { method: 'PUT', path: '/calendar/staffing/{group}/{date}', entry: 'http/set-staffing.ts', id: 'SetStaffing', table: 'write' },
  { method: 'POST', path: '/calendar/feeds', entry: 'http/create-calendar-feed.ts', id: 'CreateCalendarFeed', table: 'write' },
  { method: 'GET', path: '/calendar/feeds', entry: 'http/list-calendar-feeds.ts', id: 'ListCalendarFeeds', table: 'read' },
  { method: 'DELETE', path: '/calendar/feeds/{feedId}', entry: 'http/revoke-calendar-feed.ts', id: 'RevokeCalendarFeed', table: 'write' },
  { method: 'GET', path: '/calendar/ics/{secret}', entry: 'http/get-calendar-feed.ts', id: 'GetCalendarFeed', table: 'write', public: true },
  { method: 'GET', path: '/catalogue', entry: 'http/list-catalogue.ts', id: 'ListCatalogue', table: 'read' },
  { method: 'POST', path: '/catalogue', entry: 'http/create-catalogue-entry.ts', id: 'CreateCatalogueEntry', table: 'write' },
  { method: 'GET', path: '/catalogue/{entryId}', entry: 'http/get-catalogue-entry.ts', id: 'GetCatalogueEntry', table: 'read' },
  { method: 'PUT', path: '/catalogue/{entryId}', entry: 'http/edit-catalogue-entry.ts', id: 'EditCatalogueEntry', table: 'write' },
  { method: 'POST', path: '/catalogue/{entryId}/retire', entry: 'http/retire-catalogue-entry.ts', id: 'RetireCatalogueEntry', table: 'write' },
  { method: 'GET', path: '/catalogue/{entryId}/revisions/{revision}', entry: 'http/get-catalogue-revision.ts', id: 'GetCatalogueRevision', table: 'read' },
  { method: 'GET', path: '/openapi.json', entry: 'http/get-openapi.ts', id: 'GetOpenApi', table: 'none', public: true },
];

export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>) => `${r.method} ${r.path}`;
