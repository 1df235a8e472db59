// E-mail through SMTP with nodemailer (decision 031): the transport the outbox sends with. TLS is
// required: smtps:// speaks TLS from the start, smtp:// must upgrade with STARTTLS unless
// SMTP_ALLOW_PLAIN says the server is local. nodemailer is loaded on first use (decision 027).
import type { MailMessage, MailTransport } from "./outbox.server";

export interface SmtpSettings {
  url: string;
  from: string;
  allowPlain?: boolean;
  /** For tests against a server with a self-signed certificate. */
  tls?: { rejectUnauthorized: boolean };
}

export async function smtpTransport({ url, from, allowPlain = false, tls }: SmtpSettings): Promise<MailTransport & { close(): void }> {
  const nodemailer = await import("nodemailer");
  const secure = url.startsWith("smtps:");
  const transporter = nodemailer.createTransport({
    url,
    secure,
    requireTLS: !secure && !allowPlain,
    ignoreTLS: !secure && allowPlain,
    tls,
    // shorter than the outbox's lease, so a hung server never lets a message be claimed twice
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(message: MailMessage) {
      await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: { "Content-Language": message.language },
      });
    },
    close: () => transporter.close(),
  };
}
