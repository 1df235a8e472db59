// npm run jobs [-- --once] — runs Erdem's scheduled jobs (the reminders) in a process of their own,
// for deployments that set JOBS_IN_APP=false on the web servers. Safe beside servers that run them
// too: a job runs where its database lease is taken (decision 032).
//
//   (no option)  look for due jobs every minute until stopped
//   --once       run the jobs that are due now, print what they did, and exit
import { config } from "~/config.server";
import { database } from "~/db.server";
import { JOBS, jobHolder, startScheduler } from "~/features/notifications/jobs.server";
import { runDueJobs } from "~/features/notifications/scheduler.server";
import { startOutboxSender } from "~/features/notifications/sender.server";

if (process.argv.includes("--once")) {
  const outcomes = await runDueJobs(database.db, JOBS, { holder: jobHolder() });
  for (const [name, o] of Object.entries(outcomes))
    console.log(o.ran ? `${name}: ${JSON.stringify(o.result)}` : `${name}: ${o.reason === "notDue" ? "not due (or running elsewhere)" : `failed: ${o.error}`}`);
  await database.close();
} else {
  console.log(`jobs: every ${config.REMINDERS_EVERY_MINUTES} min for reminders; e-mail ${config.SMTP_URL ? "sent from here too" : "not set up (SMTP_URL)"}`);
  const stops = [startScheduler((line) => console.log(line)), startOutboxSender()];
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stop = async () => {
    clearInterval(keepAlive);
    for (const s of stops) s();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
