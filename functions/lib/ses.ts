import { SESv2Client } from '@aws-sdk/client-sesv2';
import { MailConfigSchema, parseEnv } from '../../shared/contracts/env';
import { SesMailer } from '../../shared/adapters/ses/mailer';
import type { MailContext } from '../../shared/mail/render';
import { rules } from './rules';

export const ses = new SESv2Client({});
export const mailConfig = parseEnv(MailConfigSchema);
export const mailer = new SesMailer(ses, mailConfig.MAIL_FROM, mailConfig.MAIL_CONFIGURATION_SET);
export const mailContext: MailContext = {
  appBaseUrl: mailConfig.APP_BASE_URL.replace(/\/$/, ''),
  timeZone: rules.EXAM_TIME_ZONE,
  phones: { general: rules.HELP_PHONE_GENERAL, duringExam: rules.HELP_PHONE_DURING_EXAM },
};
export const approverAddresses = { IT: mailConfig.APPROVERS_IT, ED: mailConfig.APPROVERS_ED } as const;
