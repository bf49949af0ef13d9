import { createHash, randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal OIDC issuer for the deployed-mode sign-in test: discovery, an authorization
 * endpoint that "logs in" at once and redirects back with a code, and a token endpoint that
 * checks the PKCE verifier against the challenge before handing out the tokens.
 */
export interface FakeIssuer {
  url: string;
  /** Every authorization request's parameters, for assertions. */
  authorizations: URLSearchParams[];
  close: () => Promise<void>;
}

const base64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export const startFakeIssuer = async (o: { clientId: string; accessToken: () => Promise<string> }): Promise<FakeIssuer> => {
  const codes = new Map<string, URLSearchParams>();
  const authorizations: URLSearchParams[] = [];
  let url = '';
  const server: Server = createServer((req, res) => {
    const reqUrl = new URL(req.url ?? '/', url);
    const cors = { 'access-control-allow-origin': '*' };
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify(body));
    };
    if (reqUrl.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer: url, authorization_endpoint: `${url}/authorize`, token_endpoint: `${url}/token` });
    }
    if (reqUrl.pathname === '/authorize') {
      const p = reqUrl.searchParams;
      authorizations.push(p);
      const code = randomBytes(16).toString('hex');
      codes.set(code, p);
      const back = new URL(p.get('redirect_uri') ?? '');
      back.search = new URLSearchParams({ code, state: p.get('state') ?? '' }).toString();
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (reqUrl.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        void (async () => {
          const form = new URLSearchParams(raw);
          const auth = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const challenge = base64url(
            createHash('sha256')
              .update(form.get('code_verifier') ?? '')
              .digest(),
          );
          if (
            !auth ||
            form.get('grant_type') !== 'authorization_code' ||
            form.get('client_id') !== o.clientId ||
            form.get('redirect_uri') !== auth.get('redirect_uri') ||
            auth.get('code_challenge_method') !== 'S256' ||
            challenge !== auth.get('code_challenge')
          ) {
            return json(400, { error: 'invalid_grant' });
          }
          const idToken = [base64url('{"alg":"none"}'), base64url(JSON.stringify({ nonce: auth.get('nonce'), aud: o.clientId })), ''].join('.');
          return json(200, { access_token: await o.accessToken(), id_token: idToken, token_type: 'Bearer', expires_in: 3600 });
        })();
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
