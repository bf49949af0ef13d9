import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSite, withConnectPolicy } from '../../infra/constructs/web-site';
import { HSTS_MAX_AGE_SECONDS, SECURITY_HEADERS, contentSecurityPolicy } from '../../shared/contracts/web-security';
import { synthTemplates, testApp } from '../support/synth';

/** The web front end's hosting, as the app synthesizes it (with the AwsSolutions checks on). */
let t: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  t = synthTemplates();
});

const resourceOf = (type: string) => {
  const found = Object.entries(t.api.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, { Properties: Record<string, any> }];
};

describe('web site: S3 behind CloudFront', () => {
  it('keeps the content bucket private, encrypted, HTTPS-only and readable only by its distribution (OAC)', () => {
    const site = t.stateless.webSite;
    const bucketId = t.stateless.getLogicalId(site.bucket.node.defaultChild as never);
    t.api.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content/' }),
    });
    const [, policy] = Object.entries(t.api.findResources('AWS::S3::BucketPolicy')).find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(bucketId)) ?? [];
    const statements = JSON.stringify(policy?.Properties.PolicyDocument.Statement);
    expect(statements).toContain('"aws:SecureTransport":"false"');
    expect(statements).toContain('cloudfront.amazonaws.com');
    expect(statements).toContain('AWS:SourceArn');
    t.api.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
  });

  it('serves over HTTPS with index.html as the root and the app for unknown paths', () => {
    const [, dist] = resourceOf('AWS::CloudFront::Distribution');
    const config = dist.Properties.DistributionConfig;
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', Compress: true, ResponseHeadersPolicyId: expect.anything() },
      Logging: expect.objectContaining({ Prefix: 'cloudfront/' }),
    });
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    expect(config.CustomErrorResponses).toEqual(
      [403, 404].map((ErrorCode) => expect.objectContaining({ ErrorCode, ResponseCode: 200, ResponsePagePath: '/index.html' })),
    );
  });

  it('sends security headers: a strict CSP, HSTS, nosniff, no framing, no referrer', () => {
    const [, policy] = resourceOf('AWS::CloudFront::ResponseHeadersPolicy');
    const security = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", 'https://login.example.edu']) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(security).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
  });

  it('sends the headers of the shared list (the same local mode serves), and index.html narrows connect-src to the stack’s own API', () => {
    const [, policy] = resourceOf('AWS::CloudFront::ResponseHeadersPolicy');
    const config = policy.Properties.ResponseHeadersPolicyConfig;
    // The policy with its deploy-time parts (region, URL suffix) shown as {…}.
    const [, parts] = config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'] as [string, unknown[]];
    const csp = parts.map((p) => (typeof p === 'string' ? p : '{…}')).join('');
    expect(csp).toBe(contentSecurityPolicy(['https://*.execute-api.{…}.{…}', 'https://login.example.edu']));
    expect(config.SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec).toBe(HSTS_MAX_AGE_SECONDS);
    const custom = Object.fromEntries(config.CustomHeadersConfig.Items.map((h: { Header: string; Value: string }) => [h.Header, h.Value]));
    expect(custom).toEqual({
      'permissions-policy': SECURITY_HEADERS['permissions-policy'],
      'cross-origin-opener-policy': SECURITY_HEADERS['cross-origin-opener-policy'],
    });

    // index.html is deployed with a <meta> CSP whose connect-src names the API's own endpoint (a deploy-time marker).
    const deployments = Object.values(t.api.findResources('Custom::CDKBucketDeployment'));
    const entry = deployments.find((d) => d.Properties.SystemMetadata?.['cache-control'] === 'no-cache');
    const staged = readdirSync(t.assembly.directory).filter((d) => d.startsWith('asset.'));
    const page = staged
      .map((d) => path.join(t.assembly.directory, d, 'index.html'))
      .map((f) => {
        try {
          return readFileSync(f, 'utf8');
        } catch {
          return '';
        }
      })
      .find((html) => html.includes('http-equiv="Content-Security-Policy"'));
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="connect-src 'self' <<marker:0xbaba:\d+>> https:\/\/login\.example\.edu" \/>/);
    expect(JSON.stringify(entry?.Properties.SourceMarkers)).toContain(
      `"Fn::GetAtt":["${t.stateless.getLogicalId(t.stateless.api.node.defaultChild as never)}","ApiEndpoint"]`,
    );
  });

  it('deploys the build with config.json naming the API and the OIDC issuer, filled in at deploy time', () => {
    const deployments = Object.values(t.api.findResources('Custom::CDKBucketDeployment'));
    const entry = deployments.find((d) => d.Properties.SystemMetadata?.['cache-control'] === 'no-cache');
    const assets = deployments.find((d) => String(d.Properties.SystemMetadata?.['cache-control']).includes('immutable'));
    expect(entry).toBeDefined();
    expect(assets).toBeDefined();
    // The API's URL is a deploy-time value: a marker in config.json that the deployment replaces.
    const apiId = t.stateless.getLogicalId(t.stateless.api.node.defaultChild as never);
    expect(JSON.stringify(entry?.Properties.SourceMarkers)).toContain(`"Fn::GetAtt":["${apiId}","ApiEndpoint"]`);

    const staged = readdirSync(t.assembly.directory).filter((d) => d.startsWith('asset.'));
    const configFile = staged
      .map((d) => path.join(t.assembly.directory, d, 'config.json'))
      .find((f) => {
        try {
          return readFileSync(f, 'utf8').length > 0;
        } catch {
          return false;
        }
      });
    const config = JSON.parse(readFileSync(configFile as string, 'utf8'));
    expect(config).toMatchObject({
      mode: 'deployed',
      apiUrl: expect.stringMatching(/^<<marker:0xbaba:\d+>>$/),
      oidc: { issuer: 'https://login.example.edu/realms/exam', clientId: 'exam-forms', groupsClaim: 'groups', scope: 'openid profile email' },
    });
  });

  it('outputs the site URL', () => {
    t.api.hasOutput('WebUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
  });
});

describe('web site without a build', () => {
  let empty: string;
  beforeAll(() => {
    empty = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
  });
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('still synthesizes, deploying a placeholder page, and warns that the app was not built', () => {
    const app = testApp();
    const stack = new Stack(app, 'Site');
    new WebSite(stack, 'Web', {
      sourceDir: empty,
      oidc: { issuer: 'https://login.example.edu', clientId: 'exam-forms', groupsClaim: 'groups' },
    }).publish({ apiUrl: 'https://api.example.edu' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    Annotations.fromStack(stack).hasWarning('/Site/Web', Match.stringLikeRegexp('npm run build:web'));
    const csp = JSON.stringify(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(csp).toContain("connect-src 'self' https://*.execute-api.");
    expect(csp).toContain('https://login.example.edu');
  });
});

describe('withConnectPolicy', () => {
  it('puts the narrowing policy first in <head>, and refuses a page without one', () => {
    expect(withConnectPolicy('<!doctype html><html><head><title>x</title></head></html>', ['https://api.example.edu/'])).toContain(
      `<head>\n    <meta http-equiv="Content-Security-Policy" content="connect-src 'self' https://api.example.edu/" />`,
    );
    expect(() => withConnectPolicy('<p>no head</p>', [])).toThrow('no <head>');
  });
});
