// The developer's local mailbox: a message sent through the app's own SMTP transport (plain, as
// `npm run dev` configures it) is listed on the mailbox's page and readable as text and HTML.
import { describe, expect, it } from "vitest";
import { smtpTransport } from "~/features/notifications/mailer.server";
import { startDevMailbox } from "../../scripts/dev-mailbox";

describe("the developer's mailbox", () => {
  it("keeps what it is sent and shows it", async () => {
    const mailbox = await startDevMailbox({ smtpPort: 0, webPort: 0 });
    try {
      const t = await smtpTransport({ url: mailbox.smtpUrl, from: '"Эрдэм" <no-reply@erdem.local>', allowPlain: true });
      await t.send({
        messageId: "<1@erdem.local>",
        to: "ariunaa@example.mn",
        subject: "Эрдэм: «Кибер аюулгүй байдал» сургалтын хугацаа хэтэрлээ",
        text: "Сайн байна уу, Ариунаа!\nhttp://localhost:3000/courses/ict-cyber-hygiene",
        html: '<p>Сайн байна уу, <b>Ариунаа</b>!</p><a href="http://localhost:3000/courses/ict-cyber-hygiene">Нээх</a>',
        language: "mn",
      });
      t.close();
      const list = await (await fetch(mailbox.webUrl)).text();
      expect(list).toContain("Эрдэм: «Кибер аюулгүй байдал» сургалтын хугацаа хэтэрлээ");
      expect(list).toContain("ariunaa@example.mn");
      const one = await fetch(`${mailbox.webUrl}/${mailbox.messages[0].id}`);
      expect(one.status).toBe(200);
      const body = await one.text();
      expect(body).toContain("http://localhost:3000/courses/ict-cyber-hygiene");
      // the HTML is shown in a sandboxed frame, escaped into its srcdoc
      expect(body).toContain("&lt;b&gt;Ариунаа&lt;/b&gt;");
      expect(body).toMatch(/<iframe sandbox/);
      expect((await fetch(`${mailbox.webUrl}/999`)).status).toBe(404);
    } finally {
      await mailbox.close();
    }
  });
});
