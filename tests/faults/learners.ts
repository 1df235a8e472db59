// The crash test's clients: learners who post the same forms a browser posts (lesson done, start
// the exam, autosave, submit), a trainer whose phone sends a roll-call batch, and a ledger of every
// write, marked acknowledged only once its whole 2xx/3xx response has arrived.
import http from "node:http";
import type { AttemptQuestion } from "~/features/quiz/grading";

export type Fields = [string, string][];

export type Write =
  | { kind: "lesson"; userId: string; lesson: string; completes: boolean }
  | { kind: "start"; userId: string; attemptId: string | null }
  | { kind: "save"; userId: string; attemptId: string; fields: Fields }
  | { kind: "submit"; userId: string; attemptId: string; fields: Fields; completes: boolean }
  /** One mark of a roll-call batch (userId is the person marked); acknowledged when the answer names its client id as applied. */
  | { kind: "mark"; userId: string; trainerId: string; sessionId: string; clientId: string; mark: "present"; completes: boolean };

export interface Entry {
  cycle: number;
  write: Write;
  /** sent: no full answer (the server died); acked: a 2xx/3xx arrived in full; refused: any other status. */
  state: "sent" | "acked" | "refused";
  status?: number;
}

export interface Plan {
  userId: string;
  cookie: string;
  /** Waits this long after the load starts, so that the learners' steps spread over the kill window. */
  delayMs: number;
  /** Lessons to mark done, in order; `completes` on the one that finishes the course (exam already passed). */
  lessons?: { slug: string; completes: boolean }[];
  /** Start the exam, autosave this many times (alternating wrong and right answers), then submit right answers. */
  exam?: { saves: number };
}

/** A trainer's phone with signal: one batch of queued marks, sent as the roll-call page's sync sends it (decision 018). */
export interface TrainerPlan {
  trainerId: string;
  cookie: string;
  delayMs: number;
  eventId: string;
  sessionId: string;
  /** `completes`: the person's online part is done, so this mark (threshold 100 %, one session) completes the course. */
  marks: { userId: string; clientId: string; completes: boolean }[];
}

export interface Load {
  base: string;
  courseSlug: string;
  examSlug: string;
  /**
   * An acknowledged attempt's questions as drawn, keyed for the browser (read from the database, as
   * the attempt page would show them): a learner answers with this attempt's keys.
   */
  attemptQuestions: (attemptId: string) => Promise<AttemptQuestion[]>;
  ledger: Entry[];
  cycle: number;
  agent: http.Agent;
  /** Set by the killer; a learner sends nothing after it. */
  stopped: () => boolean;
}

const ATTEMPT_ROUTE = "routes/courses.$course.quizzes.$quiz.attempts.$attempt";
const ROLL_CALL_ROUTE = "routes/events.$eventId_.sessions.$sessionId";

/** Runs one learner's plan until it is done or the server is gone. */
export async function runLearner(load: Load, plan: Plan): Promise<void> {
  await new Promise((r) => setTimeout(r, plan.delayMs));
  const send = async (write: Write, path: string, fields: Fields) => {
    if (load.stopped()) return null;
    const entry: Entry = { cycle: load.cycle, write, state: "sent" };
    load.ledger.push(entry);
    try {
      const res = await post(load, path, fields, plan.cookie);
      entry.status = res.status;
      entry.state = res.status >= 200 && res.status < 400 ? "acked" : "refused";
      return entry.state === "acked" ? res : null;
    } catch {
      return null; // connection refused or reset: the server was killed
    }
  };
  const course = `/courses/${load.courseSlug}`;
  for (const lesson of plan.lessons ?? []) {
    const res = await send({ kind: "lesson", userId: plan.userId, lesson: lesson.slug, completes: lesson.completes }, `${course}/${lesson.slug}`, [
      ["intent", "done"],
    ]);
    if (!res) return;
  }
  if (plan.exam) {
    const start: Write = { kind: "start", userId: plan.userId, attemptId: null };
    const res = await send(start, `${course}/quizzes/${load.examSlug}?index`, [["intent", "start"]]);
    const attemptId = res?.location?.match(/\/attempts\/([^/?#]+)$/)?.[1];
    if (!res || !attemptId) return;
    start.attemptId = attemptId;
    const attemptPath = `${course}/quizzes/${load.examSlug}/attempts/${attemptId}`;
    let questions: AttemptQuestion[];
    try {
      questions = await load.attemptQuestions(attemptId);
    } catch {
      return; // the checker reports an acknowledged start without its attempt row
    }
    if (load.stopped()) return;
    for (let i = 0; i < plan.exam.saves; i++) {
      const fields = answerFields(questions, i % 2 === 1, i);
      const saved = await send({ kind: "save", userId: plan.userId, attemptId, fields }, `${attemptPath}?_data=${encodeURIComponent(ATTEMPT_ROUTE)}`, [
        ["intent", "autosave"],
        ...fields,
      ]);
      if (!saved) return;
    }
    const fields = answerFields(questions, true, plan.exam.saves);
    await send({ kind: "submit", userId: plan.userId, attemptId, fields, completes: true }, attemptPath, [["intent", "submit"], ...fields]);
  }
}

/**
 * Sends one roll-call batch (intent=sync, the marks as JSON, Accept: application/json, to the route's
 * data URL, as the page's queue does). A mark is acknowledged only when the whole answer arrived and
 * names its client id as applied — the rule by which the phone drops it from its queue.
 */
export async function runTrainer(load: Load, plan: TrainerPlan): Promise<void> {
  await new Promise((r) => setTimeout(r, plan.delayMs));
  if (load.stopped()) return;
  const entries: Entry[] = plan.marks.map((m) => ({
    cycle: load.cycle,
    state: "sent",
    write: {
      kind: "mark",
      userId: m.userId,
      trainerId: plan.trainerId,
      sessionId: plan.sessionId,
      clientId: m.clientId,
      mark: "present",
      completes: m.completes,
    },
  }));
  load.ledger.push(...entries);
  const batch = plan.marks.map((m) => ({ clientId: m.clientId, userId: m.userId, mark: "present" }));
  let res: Awaited<ReturnType<typeof post>>;
  try {
    res = await post(
      load,
      `/events/${plan.eventId}/sessions/${plan.sessionId}?_data=${encodeURIComponent(ROLL_CALL_ROUTE)}`,
      [
        ["intent", "sync"],
        ["marks", JSON.stringify(batch)],
      ],
      plan.cookie,
      { Accept: "application/json" },
    );
  } catch {
    return; // the server was killed: the marks stay "sent" (the phone keeps them queued)
  }
  let results: { clientId: string; outcome: string }[] = [];
  try {
    results = (JSON.parse(res.body) as { results?: typeof results }).results ?? [];
  } catch {
    // not the batch answer: each mark is refused below
  }
  for (const e of entries) {
    const r = results.find((x) => x.clientId === (e.write as { clientId: string }).clientId);
    e.status = res.status;
    e.state = res.status >= 200 && res.status < 400 && r?.outcome === "applied" ? "acked" : "refused";
  }
}

/** A form post as the browser makes it (same Origin, the session cookie); resolves once the whole body is in. */
function post(
  load: Load,
  path: string,
  fields: Fields,
  cookie: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; location: string | null; body: string }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${load.base}${path}`,
      {
        method: "POST",
        agent: load.agent,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          Origin: load.base,
          Cookie: cookie,
          "Accept-Language": "mn",
          ...extraHeaders,
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          res.complete
            ? resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, body: Buffer.concat(chunks).toString() })
            : reject(new Error("response cut short")),
        );
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("response aborted")));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Form fields answering every drawn question of an attempt with that attempt's keys (as the attempt
 * page's form sends them): all right, or all wrong in a way that differs from one save to the next,
 * so a lost or stale save shows.
 */
export function answerFields(questions: AttemptQuestion[], right: boolean, variant: number): Fields {
  const out: Fields = [];
  for (const { question: q, choices } of questions) {
    const name = `q.${q.id}`;
    const keyOf = new Map(choices.map((c) => [c.id, c.key]));
    const key = (id: string) => {
      const k = keyOf.get(id);
      if (k === undefined) throw new Error(`question ${q.id}: option or item ${id} is not among the attempt's choices`);
      return k;
    };
    switch (q.type) {
      case "single":
        out.push([name, key((right ? q.options.find((o) => o.correct) : q.options.find((o) => !o.correct))!.id)]);
        break;
      case "multiple":
        for (const o of right ? q.options.filter((o) => o.correct) : q.options.filter((o) => !o.correct).slice(0, 1)) out.push([name, key(o.id)]);
        out.push([`${name}.present`, "1"]);
        break;
      case "true_false":
        out.push([name, String(right ? q.answer : !q.answer)]);
        break;
      case "short_text":
        out.push([name, right ? q.accept.mn[0] : `буруу ${variant}`]);
        break;
      case "numeric":
        out.push([name, String(right ? q.answer : q.answer + 1000 + variant)]);
        break;
      case "ordering":
        // positions by the authored (right) order, or its reverse; the items travel as this attempt's keys
        q.items.forEach((item, i) => out.push([`${name}.${key(item.id)}`, String(right ? i + 1 : q.items.length - i)]));
        break;
    }
  }
  return out;
}
