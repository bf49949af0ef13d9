import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../functions/http/routes';
import { synthWith as synth } from '../support/synth';

/**
 * The deployed side of authentication: API Gateway's JWT authorizer checks signature (the
 * issuer's JWKS), issuer, audience, expiry and not-before before any function runs; with
 * scopes configured every authorized route also requires one of them. The functions read the
 * roles from the configured claim.
 */
type Resource = { Properties: Record<string, any> };
const routesOf = (t: Template) => Object.values(t.findResources('AWS::ApiGatewayV2::Route')) as Resource[];

describe('HTTP API JWT authorizer', () => {
  const issuer = 'https://idp.example.org/realms/exams';
  const audience = 'exam-forms-prod';

  it('uses the configured issuer and audience, from the Authorization header', () => {
    const { api } = synth({ 'examForms:jwtIssuer': issuer, 'examForms:jwtAudience': audience });
    api.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: [audience] },
    });
  });

  it('guards every route except the public ones, which are exactly those the route table marks public', () => {
    const { api } = synth();
    const [authorizerId] = Object.keys(api.findResources('AWS::ApiGatewayV2::Authorizer'));
    const routes = routesOf(api);
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map(routeKey).sort());
    for (const r of routes) {
      const def = ROUTES.find((d) => routeKey(d) === r.Properties.RouteKey);
      if (def?.public) expect(r.Properties.AuthorizationType).toBe('NONE');
      else expect(r.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
    expect(
      ROUTES.filter((r) => r.public)
        .map(routeKey)
        .sort(),
    ).toEqual(['GET /approval-links/{linkId}', 'GET /calendar/ics/{secret}', 'GET /openapi.json', 'POST /approval-links/{linkId}']);
  });

  it('requires none of the scopes by default', () => {
    for (const r of routesOf(synth().api)) expect(r.Properties.AuthorizationScopes).toBeUndefined();
  });

  it('with jwtScopes configured, requires them on every authorized route (a comma list or a list)', () => {
    for (const jwtScopes of ['exam-forms/api, exam-forms/admin', ['exam-forms/api', 'exam-forms/admin']]) {
      for (const r of routesOf(synth({ 'examForms:jwtScopes': jwtScopes }).api)) {
        if (r.Properties.AuthorizationType === 'NONE') expect(r.Properties.AuthorizationScopes).toBeUndefined();
        else expect(r.Properties.AuthorizationScopes).toEqual(['exam-forms/api', 'exam-forms/admin']);
      }
    }
  });

  it('tells every function which claim carries the roles', () => {
    const { api } = synth({ 'examForms:groupsClaim': 'cognito:groups' });
    const functions = Object.values(api.findResources('AWS::Lambda::Function')) as Resource[];
    const app = functions.filter((f) => f.Properties.Environment?.Variables?.TABLE_NAME);
    expect(app.length).toBeGreaterThan(10);
    for (const f of app) expect(f.Properties.Environment.Variables.GROUPS_CLAIM).toBe('cognito:groups');
  });

  it('refuses a deployment without a valid issuer URL or an audience', () => {
    expect(() => synth({ 'examForms:jwtIssuer': 'not a url' })).toThrow(/examForms:jwtIssuer/);
    expect(() => synth({ 'examForms:jwtAudience': '' })).toThrow(/examForms:jwtAudience/);
  });
});
