// The outbox's sender inside every server process (decision 031): every OUTBOX_POLL_MS it sends
// what is due, batch after batch, as long as batches come full. Several processes and servers may
// run it at once; each message is claimed by one of them. Without SMTP_URL nothing is sent and the
// messages wait (the administrators' home says so).
import os from "node:os";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { smtpTransport } from "./mailer.server";
import { deliverDue } from "./outbox.server";

const BATCH = 20;

export function startOutboxSender(): () => void {
  const url = config.SMTP_URL;
  if (!url) return () => {};
  const worker = `${os.hostname()}:${process.pid}`;
  const domain = new URL(config.PUBLIC_URL).hostname;
  let transport: ReturnType<typeof smtpTransport> | null = null;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      transport ??= smtpTransport({ url, from: config.MAIL_FROM, allowPlain: config.SMTP_ALLOW_PLAIN });
      const t = await transport;
      for (;;) {
        const r = await deliverDue(db, t, { worker, batch: BATCH, domain });
        if (r.sent + r.retried + r.failed < BATCH) break;
      }
    } catch (error) {
      console.error("outbox:", error);
      // a transport that could not be made is made again next time, not kept broken
      if (
        transport &&
        (await transport.then(
          () => false,
          () => true,
        ))
      )
        transport = null;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, config.OUTBOX_POLL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    void transport?.then((t) => t.close());
  };
}
