// Scheduled jobs, safe with any number of servers (decision 032). Each job has a row in `job_run`;
// a server runs a job only after taking its lease with one conditional UPDATE (the lease has run
// out, and the job's interval has passed since it last started). The lease is renewed between
// pages of work and given back at the end; a server that dies mid-run leaves a lease that runs out,
// and another server runs the job again — the jobs are idempotent, so that is safe.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema";

export interface Job {
  name: string;
  everyMs: number;
  run(ctx: { now: Date; keepLease: () => Promise<boolean> }): Promise<unknown>;
}

export const LEASE_MS = 10 * 60_000;

export type JobOutcome = { ran: true; result: unknown } | { ran: false; reason: "notDue" | "failed"; error?: string };

/** Takes the job's lease if it is due and free; true when this holder now has it. */
export async function claimJob(executor: Kysely<DB>, job: Pick<Job, "name" | "everyMs">, holder: string, now: Date): Promise<boolean> {
  await executor
    .insertInto("job_run")
    .values({ name: job.name, holder: null, lease_until: null, last_started_at: null, last_finished_at: null, last_error: null })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const at = now.toISOString();
  const r = await executor
    .updateTable("job_run")
    .set({ holder, lease_until: new Date(now.getTime() + LEASE_MS).toISOString(), last_started_at: at })
    .where("name", "=", job.name)
    .where((w) => w.or([w("lease_until", "is", null), w("lease_until", "<", at)]))
    .where((w) => w.or([w("last_started_at", "is", null), w("last_started_at", "<=", new Date(now.getTime() - job.everyMs).toISOString())]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Runs each job that is due and not held elsewhere, one after the other. */
export async function runDueJobs(executor: Kysely<DB>, jobs: Job[], { holder, now = () => new Date() }: { holder: string; now?: () => Date }) {
  const outcomes: Record<string, JobOutcome> = {};
  for (const job of jobs) {
    const started = now();
    if (!(await claimJob(executor, job, holder, started))) {
      outcomes[job.name] = { ran: false, reason: "notDue" };
      continue;
    }
    const keepLease = async () => {
      const at = now();
      const r = await executor
        .updateTable("job_run")
        .set({ lease_until: new Date(at.getTime() + LEASE_MS).toISOString() })
        .where("name", "=", job.name)
        .where("holder", "=", holder)
        .where("lease_until", ">=", at.toISOString())
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    };
    try {
      const result = await job.run({ now: started, keepLease });
      await executor
        .updateTable("job_run")
        .set({ holder: null, lease_until: null, last_finished_at: now().toISOString(), last_error: null })
        .where("name", "=", job.name)
        .where("holder", "=", holder)
        .execute();
      outcomes[job.name] = { ran: true, result };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await executor
        .updateTable("job_run")
        .set({ holder: null, lease_until: null, last_error: message.slice(0, 1000) })
        .where("name", "=", job.name)
        .where("holder", "=", holder)
        .execute();
      outcomes[job.name] = { ran: false, reason: "failed", error: message };
    }
  }
  return outcomes;
}

export function listJobRuns(executor: Kysely<DB>) {
  return executor.selectFrom("job_run").selectAll().orderBy("name").execute();
}
