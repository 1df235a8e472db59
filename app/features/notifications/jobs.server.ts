// Erdem's scheduled jobs and the loop that runs them inside a server (or `npm run jobs`).
import os from "node:os";
import { writeTransaction } from "../../../db/connection";
import { config } from "~/config.server";
import { database, db } from "~/db.server";
import { runReminders } from "./reminders.server";
import { runRetention } from "./retention.server";
import { type Job, runDueJobs } from "./scheduler.server";

export const JOBS: Job[] = [
  {
    name: "reminders",
    everyMs: config.REMINDERS_EVERY_MINUTES * 60_000,
    run: ({ now, keepLease }) => runReminders(db, { now, keepLease, transaction: (fn) => writeTransaction(database, fn) }),
  },
  // old notifications and sent e-mail deleted, once a day
  { name: "retention", everyMs: 24 * 3600_000, run: ({ now, keepLease }) => runRetention(db, { now, keepLease }) },
];

export const jobHolder = () => `${os.hostname()}:${process.pid}`;

/** Looks for due jobs every minute (and once soon after start); returns the stop function. */
export function startScheduler(log: (line: string) => void = () => {}): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const outcomes = await runDueJobs(db, JOBS, { holder: jobHolder() });
      for (const [name, o] of Object.entries(outcomes)) {
        if (o.ran) log(`job ${name}: ${JSON.stringify(o.result)}`);
        else if (o.reason === "failed") console.error(`job ${name} failed: ${o.error}`);
      }
    } catch (error) {
      console.error("scheduler:", error);
    } finally {
      busy = false;
    }
  };
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, 60_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
