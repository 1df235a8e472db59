// A real SMTP server for tests (smtp-server, STARTTLS on its own certificate): what arrives is
// parsed with mailparser, as a mail client would read it. Recipients in `refused` get a temporary
// error (451).
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Received {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  language: string;
  /** Whether the session was upgraded to TLS. */
  secure: boolean;
}

export interface Mailbox {
  url: string;
  received: Received[];
  refused: Set<string>;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const received: Received[] = [];
  const refused = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) return callback(Object.assign(new Error("mailbox busy, try later"), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            messageId: mail.messageId ?? "",
            language: String(mail.headers.get("content-language") ?? ""),
            secure: session.secure,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
