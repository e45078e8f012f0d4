// How mail leaves the engine: one interface, chosen by MAIL_SENDER. `log` (development) writes each
// message, body included, to the log of the process that delivers it (the scheduler); under
// NODE_ENV=production it writes the envelope only, so no reset token ever reaches production logs. A real
// transport (SMTP, a provider's API) is another MailSender; `messageId` lets it de-duplicate a message
// sent twice after a crash between sending and marking it sent.
import { log } from '../platform/log.js';
import type { MailConfig } from './mail-config.js';

export interface OutgoingMail {
  /** stable per outbox message: `<id>@gopang` */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}

/** The message goes to the log, never to a mailbox; its text only when `withText` (not in production). */
export function logMailSender(withText: boolean): MailSender {
  return {
    async send({ messageId, from, to, subject, text }) {
      log(withText ? 'info' : 'warn', 'mail sent to the log (MAIL_SENDER=log)', { messageId, from, to, subject, ...(withText ? { text } : {}) });
    },
  };
}

export function createMailSender(config: MailConfig, production: boolean): MailSender {
  switch (config.sender) {
    case 'log':
      return logMailSender(!production);
  }
}
