import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate, CertificateValidation } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';

export interface SiteCertificateStackProps extends StackProps {
  siteDomain: string;
}

/**
 * The web site's certificate. CloudFront only uses certificates from us-east-1, so it has a
 * stack of its own there. It is validated by a DNS record the university's DNS adds (the
 * domain is not in Route 53); its ARN is then given to the stage as examForms:siteCertificateArn
 * (docs/operations.md, "Custom domains").
 */
export class SiteCertificateStack extends Stack {
  readonly certificate: Certificate;

  constructor(scope: Construct, id: string, props: SiteCertificateStackProps) {
    super(scope, id, props);
    this.certificate = new Certificate(this, 'SiteCertificate', {
      domainName: props.siteDomain,
      validation: CertificateValidation.fromDns(),
    });
    new CfnOutput(this, 'SiteCertificateArn', {
      value: this.certificate.certificateArn,
      description: 'Pass as -c examForms:siteCertificateArn=<this> to the stage',
    });
  }
}
