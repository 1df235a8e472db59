// npm run dev — the built app in development mode. Without SMTP_URL, every e-mail goes to a local
// mailbox (scripts/dev-mailbox.ts) whose page lists them, so a developer can read what learners get.
import { spawn } from "node:child_process";
import { config } from "~/config.server";
import { startDevMailbox } from "./dev-mailbox";

if (!config.SMTP_URL) {
  const mailbox = await startDevMailbox({ smtpPort: config.DEV_MAILBOX_SMTP_PORT, webPort: config.DEV_MAILBOX_WEB_PORT });
  process.env.SMTP_URL = mailbox.smtpUrl;
  process.env.SMTP_ALLOW_PLAIN = "true";
  process.env.OUTBOX_POLL_MS = "1000";
  console.log(`dev: e-mail is caught by the local mailbox — read it at ${mailbox.webUrl}`);
}
const server = spawn(process.execPath, ["build/server.js"], { stdio: "inherit" });
const stop = (signal: NodeJS.Signals) => server.kill(signal);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code) => process.exit(code ?? 0));
