import { MailConfigSchema, parseEnv } from '../../shared/contracts/env';
import type { MailContext } from '../../shared/mail/render';
import { studentMailContext } from './rules';

/** Mail settings and what every e-mail shows (links, time zone, phones); apart from the SES client, for functions that render but do not send. */
export const mailConfig = parseEnv(MailConfigSchema);
export const mailContext: MailContext = {
  appBaseUrl: mailConfig.APP_BASE_URL.replace(/\/$/, ''),
  ...studentMailContext,
};
export const approverAddresses = { IT: mailConfig.APPROVERS_IT, ED: mailConfig.APPROVERS_ED } as const;
