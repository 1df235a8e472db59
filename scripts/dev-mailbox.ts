// A developer's local mailbox (`npm run dev` starts it when SMTP_URL is not set): a real SMTP server
// on 127.0.0.1 that keeps every message it is sent, and a page listing them, each readable as its
// plain text and its HTML. Nothing leaves the machine. Messages are kept in memory until stopped.
import http from "node:http";
import { type AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { escapeHtml } from "~/features/pages/escape-html";

interface Kept {
  id: number;
  at: Date;
  from: string;
  to: string;
  subject: string;
  language: string;
  text: string;
  html: string;
}

export interface DevMailbox {
  smtpUrl: string;
  webUrl: string;
  messages: Kept[];
  close(): Promise<void>;
}

const page = (title: string, body: string) => `<!DOCTYPE html><html lang="mn"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#0f172a}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e2e8f0;padding:.5rem;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;background:#f8fafc;padding:1rem;border:1px solid #e2e8f0}iframe{width:100%;height:32rem;border:1px solid #e2e8f0}
a{color:#015197}</style></head><body>${body}</body></html>`;

export async function startDevMailbox({ smtpPort = 1025, webPort = 1080 } = {}): Promise<DevMailbox> {
  const messages: Kept[] = [];
  let next = 1;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.unshift({
            id: next++,
            at: new Date(),
            from: mail.from?.text ?? "",
            to: (Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(", ") : mail.to?.text) ?? "",
            subject: mail.subject ?? "",
            language: String(mail.headers.get("content-language") ?? ""),
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once("error", reject);
    smtp.listen(smtpPort, "127.0.0.1", resolve);
  });

  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, html: string) => {
      res.writeHead(status, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self' data:; img-src data:",
      });
      res.end(html);
    };
    const one = /^\/(\d+)$/.exec(url.pathname);
    if (url.pathname === "/") {
      const rows = messages
        .map(
          (m) =>
            `<tr><td>${escapeHtml(m.at.toLocaleString("mn-MN"))}</td><td>${escapeHtml(m.to)}</td><td><a href="/${m.id}">${escapeHtml(m.subject || "—")}</a></td><td>${escapeHtml(m.language)}</td></tr>`,
        )
        .join("");
      return send(
        200,
        page(
          "Эрдэм — захидлууд / mailbox",
          `<h1>Эрдэм: хөгжүүлэгчийн шуудан / developer's mailbox</h1><p>${messages.length} захидал / messages. <a href="/">Шинэчлэх / refresh</a></p>
<table><thead><tr><th>Хэзээ / when</th><th>Хэнд / to</th><th>Гарчиг / subject</th><th>Хэл</th></tr></thead><tbody>${rows}</tbody></table>`,
        ),
      );
    }
    const m = one && messages.find((x) => x.id === Number(one[1]));
    if (!m) return send(404, page("404", `<p>Захидал олдсонгүй / no such message. <a href="/">←</a></p>`));
    return send(
      200,
      page(
        m.subject,
        `<p><a href="/">← бүх захидал / all messages</a></p><h1>${escapeHtml(m.subject)}</h1>
<p>${escapeHtml(m.from)} → ${escapeHtml(m.to)} · ${escapeHtml(m.language)}</p>
<h2>HTML</h2><iframe sandbox title="HTML" srcdoc="${escapeHtml(m.html)}"></iframe><h2>Text</h2><pre>${escapeHtml(m.text)}</pre>`,
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    web.once("error", reject);
    web.listen(webPort, "127.0.0.1", resolve);
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    webUrl: `http://localhost:${(web.address() as AddressInfo).port}`,
    messages,
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
