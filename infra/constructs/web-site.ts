import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Aws, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { WEB_DIST } from '../paths';
import { HSTS_MAX_AGE_SECONDS, SECURITY_HEADERS, connectOnlyPolicy, contentSecurityPolicy } from '../../shared/contracts/web-security';

export interface WebSiteProps {
  /** The OIDC issuer the app signs in with (authorization code with PKCE; a public client). */
  oidc: { issuer: string; clientId: string; scope?: string; groupsClaim: string };
  /** Rules settings the API runs with (EXAM_PERIODS, …), so the form's live checks match. */
  rules?: Record<string, string>;
  /** Built app; defaults to web/dist. */
  sourceDir?: string;
  /**
   * The API's origin (`https://api.exam.example.edu`), when it has its own domain: the CSP's
   * connect-src then names it alone. Without one, the region's execute-api hosts.
   */
  apiOrigin?: string;
  /** A custom domain with its ACM certificate (us-east-1); without one the site uses the CloudFront domain. */
  domain?: { names: string[]; certificate: ICertificate };
}

const YEAR = 365 * 24 * 3600;

/** index.html with a <meta> policy that narrows connect-src to the given origins (deploy-time values allowed). */
export const withConnectPolicy = (html: string, connect: string[]): string => {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${connectOnlyPolicy(connect)}" />`;
  if (!/<head[^>]*>/i.test(html)) throw new Error('index.html has no <head>');
  return html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${meta}`);
};

/**
 * The web front end: a private S3 bucket, readable only by CloudFront through origin access
 * control, served over HTTPS with security headers. The app uses hash routing, so every
 * page is index.html; unknown paths fall back to it. The API's URL and the OIDC issuer are
 * written to config.json at deploy time, so one build serves every stage.
 */
export class WebSite extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly deployments: BucketDeployment[] = [];
  readonly customDomain: boolean;
  /** https://<domain> of the site. */
  readonly url: string;
  private readonly props: WebSiteProps;
  private readonly sourceDir: string;
  private readonly built: boolean;
  private readonly deploymentLogs: LogGroup;
  private readonly assets: BucketDeployment | null;
  private readonly issuerOrigin: string;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    const sourceDir = props.sourceDir ?? WEB_DIST;
    this.customDomain = props.domain !== undefined;

    // Access logs of the bucket and of CloudFront. CloudFront's standard logs are written with ACLs.
    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Content', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'content/',
      // Everything in it is rebuilt from the repository on each deploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The API's generated URL would make the headers depend on the API, and the API's CORS rule
    // names this site's URL: a dependency cycle. Without an API domain (known in advance), the
    // header allows the region's execute-api hosts, and index.html, deployed once the API exists,
    // narrows connect-src to the stack's own API with a <meta> policy (see `publish`).
    const apiOrigin = props.apiOrigin ?? `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    const issuerOrigin = Token.isUnresolved(props.oidc.issuer) ? props.oidc.issuer : new URL(props.oidc.issuer).origin;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'exam-forms web: CSP, HSTS and other security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy([apiOrigin, issuerOrigin]), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: false, override: true },
      },
      customHeadersBehavior: {
        customHeaders: (['permissions-policy', 'cross-origin-opener-policy'] as const).map((header) => ({
          header,
          value: SECURITY_HEADERS[header],
          override: true,
        })),
      },
    });
    this.issuerOrigin = issuerOrigin;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'exam-forms web front end',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      // Hash routing needs no rewrites; any other path shows the app (S3 answers 403 for a missing key).
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.minutes(1),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      // The default *.cloudfront.net certificate's policy is fixed by CloudFront; a custom domain gets TLS 1.2 or later.
      ...(props.domain
        ? { domainNames: props.domain.names, certificate: props.domain.certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
    });
    this.url = `https://${props.domain?.names[0] ?? this.distribution.distributionDomainName}`;

    // Hashed assets never change: cache them for a year. index.html and config.json are
    // revalidated on every load, so a deploy needs no CloudFront invalidation. Old assets are
    // kept (prune: false) for pages still open with the previous index.html.
    this.props = props;
    this.sourceDir = sourceDir;
    const built = existsSync(path.join(sourceDir, 'index.html'));
    if (!built) {
      Annotations.of(this).addWarningV2(
        'exam-forms:web-not-built',
        `${sourceDir} has no index.html: a placeholder page is deployed. Run "npm run build:web" before deploying.`,
      );
    }
    this.built = built;
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    const assets = built
      ? new BucketDeployment(this, 'DeployAssets', {
          destinationBucket: this.bucket,
          logGroup,
          sources: [Source.asset(sourceDir, { exclude: ['index.html'] })],
          cacheControl: [CacheControl.fromString(`public, max-age=${YEAR}, immutable`)],
          prune: false,
        })
      : null;
    this.deploymentLogs = logGroup;
    this.assets = assets;
  }

  private entryPage(): string {
    return this.built
      ? readFileSync(path.join(this.sourceDir, 'index.html'), 'utf8')
      : '<!doctype html><html><head><title>exam-forms</title></head><body><p>The web front end was not built for this deployment.</p></body></html>';
  }

  /**
   * Deploys index.html and config.json, which tells the app the API's URL. Called once the API
   * exists: the API names this site in its CORS settings and in e-mail links.
   */
  publish(api: { apiUrl: string }): void {
    const { props, assets } = this;
    const logGroup = this.deploymentLogs;
    const entry = new BucketDeployment(this, 'DeployEntry', {
      destinationBucket: this.bucket,
      logGroup,
      sources: [
        Source.data('index.html', withConnectPolicy(this.entryPage(), [api.apiUrl, this.issuerOrigin])),
        Source.jsonData('config.json', {
          mode: 'deployed',
          apiUrl: api.apiUrl,
          oidc: { scope: 'openid profile email', ...props.oidc },
          rules: props.rules ?? {},
        }),
      ],
      cacheControl: [CacheControl.noCache()],
      prune: false,
    });
    // index.html must not point at assets that are not there yet.
    if (assets) entry.node.addDependency(assets);
    this.deployments.push(...(assets ? [assets] : []), entry);
  }
}
