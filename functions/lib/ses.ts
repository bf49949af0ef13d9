import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../shared/adapters/ses/mailer';
import { mailConfig } from './mail-context';
import { traced } from './tracing';

export { approverAddresses, mailConfig, mailContext } from './mail-context';

/** Created once per execution environment; the endpoint comes from the SDK's standard resolution (AWS_ENDPOINT_URL_SESV2 locally). */
export const ses = traced(new SESv2Client({}));
export const mailer = new SesMailer(ses, mailConfig.MAIL_FROM, mailConfig.MAIL_CONFIGURATION_SET);
