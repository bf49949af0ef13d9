import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../functions/http/routes';
import { OPERATIONS, buildOpenApiDocument } from '../../shared/api/openapi';

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('is a valid OpenAPI 3.1 document (independent validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route, and only routes that exist', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(ROUTES.map(routeKey).sort());
  });

  it('marks the public routes as needing no token and the rest as bearer-protected', () => {
    for (const route of ROUTES) {
      const op = (document.paths?.[route.path] as Record<string, { security?: unknown[] }>)[route.method.toLowerCase()];
      if (route.public) expect(op?.security).toEqual([]);
      else expect(op?.security).toBeUndefined();
    }
    expect(document.security).toEqual([{ bearerAuth: [] }]);
  });

  it('describes request bodies and problem responses from the same schemas', () => {
    const post = (document.paths?.['/registrations'] as Record<string, any>).post;
    expect(JSON.stringify(post.requestBody)).toContain('#/components/schemas/RegistrationInput');
    expect(post.responses['400'].content['application/problem+json']).toBeDefined();
    const components = Object.keys(document.components?.schemas ?? {});
    expect(components).toEqual(expect.arrayContaining(['RegistrationInput', 'MidtermRegistrationInput', 'SoftwareRegistrationInput', 'Problem', 'DecisionInput']));
  });
});
