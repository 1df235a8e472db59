// Self-service password reset by e-mail, end to end through a real SMTP server: the message
// arrives in the learner's language with a link that works once, for an hour; the answer is the
// same for an address without an account; requests are throttled, also when sent all at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { smtpTransport } from "~/features/notifications/mailer.server";
import { deliverDue } from "~/features/notifications/outbox.server";
import { createUser } from "../../db/factories";
import { type Mailbox, startMailbox } from "../../tests/mailbox";
import { args, context, post, settle } from "../../tests/helpers";
import { action as forgotAction } from "./forgot-password";
import { action as loginAction } from "./login";
import { action as resetAction } from "./reset-password.$token";

let mailbox: Mailbox;
beforeAll(async () => {
  mailbox = await startMailbox();
});
afterAll(() => mailbox.close());

let ipCounter = 0;
/** Each test from its own address, so that the per-IP budget is the test's own. */
const freshIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

const ask = (email: string, ip = freshIp()) => settle(() => forgotAction(args(post("/forgot-password", { email }), {}, context(ip))));

async function deliver() {
  const t = await smtpTransport({ url: mailbox.url, from: '"Эрдэм" <no-reply@erdem.test>', tls: { rejectUnauthorized: false } });
  try {
    return await deliverDue(db, t, { worker: "test" });
  } finally {
    t.close();
  }
}

const outboxFor = (email: string) => db.selectFrom("outbox_message").selectAll().where("to_address", "=", email).execute();

describe("forgot password", () => {
  it("sends a one-time link in the learner's language that sets a new password", async () => {
    const learner = await createUser(db, { password: "old password 1", surname: "Цэрэн", givenName: "Ариунаа" });
    const res = await ask(learner.email.toUpperCase());
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.sentTo).toBe(learner.email);
    // the page says how long the link lasts from the action's data (the browser has no .server values)
    expect(answer.minutes).toBe(60);
    mailbox.received.length = 0;
    expect((await deliver()).sent).toBe(1);
    const [message] = mailbox.received;
    expect(message.to).toBe(learner.email);
    expect(message.subject).toBe("Эрдэм: нууц үг сэргээх холбоос");
    expect(message.language).toBe("mn");
    expect(message.text).toContain("Сайн байна уу, Ц. Ариунаа!");
    const link = /http:\/\/localhost\/reset-password\/([a-z2-7]{32})/.exec(message.text);
    expect(link).not.toBeNull();
    expect(message.html).toContain(`href="${link![0]}"`);
    const token = link![1];

    const set = (password: string) =>
      settle(() => resetAction(args(post(`/reset-password/${token}`, { newPassword: password, confirmPassword: password }), { token })));
    expect((await set("new password 2")).status).toBe(302);
    // once
    expect((await set("new password 3")).status).toBe(410);
    const login = await settle(() => loginAction(args(post("/login", { email: learner.email, password: "new password 2" }))));
    expect(login.status).toBe(302);
  });

  it("writes to an English reader in English", async () => {
    const reader = await createUser(db, { locale: "en" });
    await ask(reader.email);
    const [row] = await outboxFor(reader.email);
    expect(row.language).toBe("en");
    expect(row.subject).toBe("Erdem: your password reset link");
    expect(row.body_text).toContain("It works once, for 60 minutes.");
  });

  it("answers an address without an account, or a disabled one, the same, and sends nothing", async () => {
    const known = await createUser(db);
    const disabled = await createUser(db);
    await db.updateTable("users").set({ disabled_at: new Date().toISOString() }).where("id", "=", disabled.id).execute();
    const answers = await Promise.all(
      [known.email, "nobody-here@example.mn", disabled.email].map(async (email) => {
        const res = await ask(email);
        const body = await res.json();
        return { status: res.status, sentTo: body.sentTo, result: body.result };
      }),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1].result).toEqual(answers[0].result);
    expect(answers[2].result).toEqual(answers[0].result);
    expect(await outboxFor("nobody-here@example.mn")).toHaveLength(0);
    expect(await outboxFor(disabled.email)).toHaveLength(0);
    expect(await outboxFor(known.email)).toHaveLength(1);
  });

  it("throttles one address to 3 an hour, also when 12 requests come at once", async () => {
    const target = await createUser(db);
    const answers = await Promise.all(Array.from({ length: 12 }, () => ask(target.email)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(9);
    expect(Number(refused[0].headers.get("Retry-After"))).toBeGreaterThan(0);
    // three messages, and only the newest link works: each replaced the one before
    expect(await outboxFor(target.email)).toHaveLength(3);
    expect(await db.selectFrom("password_reset").select("id").where("user_id", "=", target.id).execute()).toHaveLength(1);
  });

  it("refuses a bad address with a message, and keeps what was typed", async () => {
    const res = await ask("not an address");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.result.error.email).toBeDefined();
    expect(body.result.initialValue.email).toBe("not an address");
  });

  it("lets a link from e-mail work for an hour only", async () => {
    const learner = await createUser(db);
    const start = new Date();
    const { requestPasswordReset, findResetLink } = await import("~/features/auth/password-reset.server");
    await requestPasswordReset({ email: learner.email, ip: freshIp() }, start);
    mailbox.received.length = 0;
    await deliver();
    const token = /reset-password\/([a-z2-7]{32})/.exec(mailbox.received.find((m) => m.to === learner.email)?.text ?? "")?.[1] ?? "";
    expect(await findResetLink(token, new Date(start.getTime() + 59 * 60_000))).toBeDefined();
    expect(await findResetLink(token, new Date(start.getTime() + 61 * 60_000))).toBeUndefined();
  });
});
