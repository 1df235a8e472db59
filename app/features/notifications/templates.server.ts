// The e-mails Erdem sends, in the recipient's language: a subject, plain text and simple HTML,
// each with the link back (decision 031). Strings live with the others (i18n/locales/notifications.*).
import type { Language } from "~/i18n/config";
import { i18nInstance } from "~/i18n/i18next.server";
import { escapeHtml } from "~/features/pages/escape-html";

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

interface Parts {
  name: string;
  paragraphs: string[];
  action: { label: string; href: string };
  after?: string[];
}

/** One layout for every message: greeting, paragraphs, the link as a button and as text, the footer. */
function compose(language: Language, subject: string, { name, paragraphs, action, after = [] }: Parts): MailContent {
  const t = i18nInstance(language).getFixedT(null, "common");
  const greeting = t("mail.greeting", { name });
  const footer = t("mail.footer");
  const text = [greeting, "", ...paragraphs.flatMap((p) => [p, ""]), `${action.label}: ${action.href}`, "", ...after.flatMap((p) => [p, ""]), "—", footer].join(
    "\n",
  );
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const html = `<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font-family:Arial,Helvetica,sans-serif;color:#0f172a;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">
${p(greeting)}${paragraphs.map(p).join("")}
<p style="margin:0 0 16px"><a href="${escapeHtml(action.href)}" style="display:inline-block;background:#015197;color:#fff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:6px">${escapeHtml(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#475569;word-break:break-all">${escapeHtml(action.href)}</p>
${after.map(p).join("")}<p style="margin:24px 0 0;font-size:13px;color:#64748b">${escapeHtml(footer)}</p>
</div></body></html>`;
  return { subject, text, html };
}

export function passwordResetMail(language: Language, { name, link, minutes }: { name: string; link: string; minutes: number }): MailContent {
  const t = i18nInstance(language).getFixedT(null, "common");
  return compose(language, t("mail.reset.subject"), {
    name,
    paragraphs: [t("mail.reset.body", { minutes })],
    action: { label: t("mail.reset.action"), href: link },
    after: [t("mail.reset.ignore")],
  });
}

/** A notification as an e-mail: its title as the subject, its body, and the link back. */
export function notificationMail(
  language: Language,
  { name, text, link }: { name: string; text: { title: string; body: string; action: string }; link: string },
): MailContent {
  return compose(language, `${i18nInstance(language).getFixedT(null, "common")("app.name")}: ${text.title}`, {
    name,
    paragraphs: [text.body],
    action: { label: text.action, href: link },
  });
}
