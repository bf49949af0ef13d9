import { MailConfigSchema, parseEnv } from '../../shared/contracts/env';
import { approverMailLanguages } from '../../shared/contracts/languages';
import type { MailContext } from '../../shared/mail/render';
import { studentMailContext } from './rules';
import { onSettings } from './settings';

/** Mail settings and what every e-mail shows (links, time zone, phones); apart from the SES client, for functions that render but do not send. */
export const mailConfig = parseEnv(MailConfigSchema);
export const mailContext: MailContext = {
  appBaseUrl: mailConfig.APP_BASE_URL.replace(/\/$/, ''),
  ...studentMailContext,
  approverLanguages: approverMailLanguages(process.env),
};
/** The approver groups' mailboxes, kept current from Parameter Store. */
export const approverAddresses: { IT: string[]; ED: string[] } = { IT: mailConfig.APPROVERS_IT, ED: mailConfig.APPROVERS_ED };
onSettings(['APPROVERS_IT', 'APPROVERS_ED'], (s) => {
  approverAddresses.IT = s.APPROVERS_IT;
  approverAddresses.ED = s.APPROVERS_ED;
});
