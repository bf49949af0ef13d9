import type { MailSender, OutgoingMail } from '../../../shared/ports';

interface Failure {
  error: unknown;
  /** How many sends fail (default: one). */
  times: number;
  /** Only sends to this address fail (default: any). */
  to?: string;
}

/**
 * A MailSender that records every accepted mail and answers message ids `msg-1`, `msg-2`, …
 * `failWith` makes sends throw a given error (e.g. an SES throttle or a rejected address):
 * the next send, the next `times` sends, or those to one address.
 */
export class RecordingMailSender implements MailSender {
  readonly sent: OutgoingMail[] = [];
  /** Every send tried, including those that threw. */
  readonly attempts: OutgoingMail[] = [];
  private failures: Failure[] = [];

  failWith(error: unknown, opts: { times?: number; to?: string } = {}): void {
    this.failures.push({ error, times: opts.times ?? 1, ...(opts.to ? { to: opts.to } : {}) });
  }

  async send(mail: OutgoingMail): Promise<string | undefined> {
    this.attempts.push(structuredClone(mail));
    const failure = this.failures.find((f) => f.times > 0 && (!f.to || mail.to.includes(f.to)));
    if (failure) {
      failure.times -= 1;
      this.failures = this.failures.filter((f) => f.times > 0);
      throw failure.error;
    }
    this.sent.push(structuredClone(mail));
    return `msg-${this.sent.length}`;
  }

  /** The mails sent to an address. */
  to(address: string): OutgoingMail[] {
    return this.sent.filter((m) => m.to.includes(address));
  }
}

/** An error as the AWS SDK raises it: a name, and the HTTP status in `$metadata`. */
export const awsError = (name: string, httpStatusCode = 400): Error => Object.assign(new Error(`${name} (simulated)`), { name, $metadata: { httpStatusCode } });
