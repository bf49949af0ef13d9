import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailSender, OutgoingMail } from '../../ports';

/** SES v2 adapter. The client is injected so tests and local mode point it at a local sink. */
export class SesMailer implements MailSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<string | undefined> {
    const out = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: mail.to },
        ConfigurationSetName: this.configurationSet,
        EmailTags: Object.entries(mail.tags ?? {}).map(([Name, Value]) => ({
          Name,
          // SES tag values allow only [A-Za-z0-9_-].
          Value: Value.replace(/[^A-Za-z0-9_-]/g, '_'),
        })),
        Content: {
          Simple: {
            // A subject is one header line: no CR/LF or other control character reaches SES.
            Subject: { Data: mail.subject.replace(/[\p{Cc}\u2028\u2029]+/gu, ' '), Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    return out.MessageId;
  }
}
