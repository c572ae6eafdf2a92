/**
 * Sends the e-mail confirmation link through the SMTP server named in SMTP_URL (nodemailer).
 * The mail is plain text in Polish and English; the link is the only thing in it that a
 * resident did not choose, and their nickname is not in it at all.
 */
import nodemailer from 'nodemailer';

export interface Mailer {
  sendConfirmation(to: string, link: string, town: string): Promise<void>;
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async sendConfirmation(to, link, town) {
      await transport.sendMail({
        from,
        to,
        subject: `Potwierdź adres e-mail — ${town} / Confirm your e-mail address`,
        text: [
          `Ktoś (zapewne Ty) podał ten adres, by popierać propozycje mieszkańców w serwisie „Plan na mapie” (${town}).`,
          'Aby potwierdzić, otwórz link (ważny 24 godziny):',
          '',
          link,
          '',
          'Jeśli to nie Ty, zignoruj tę wiadomość.',
          '',
          `Someone (probably you) gave this address to support residents' proposals in "Plan na mapie" (${town}). To confirm, open the link above (valid for 24 hours). If it was not you, ignore this message.`,
        ].join('\n'),
      });
    },
  };
}
