// How mail leaves the engine: one interface, chosen by MAIL_SENDER. `log` (development) writes each
// message, body included, to the log of the process that delivers it (the scheduler). A real
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

/** Development: the message goes to the log, never to a mailbox. */
export const logMailSender: MailSender = {
  async send(mail) {
    log('info', 'mail sent to the log (MAIL_SENDER=log)', { messageId: mail.messageId, from: mail.from, to: mail.to, subject: mail.subject, text: mail.text });
  },
};

export function createMailSender(config: MailConfig): MailSender {
  switch (config.sender) {
    case 'log':
      return logMailSender;
  }
}
