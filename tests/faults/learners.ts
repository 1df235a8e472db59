// The crash test's clients: learners who post the same forms a browser posts (lesson done, start
// the exam, autosave, submit) and a ledger of every write, marked acknowledged only once its whole
// 2xx/3xx response has arrived.
import http from "node:http";
import type { Question } from "~/features/content/schemas";

export type Fields = [string, string][];

export type Write =
  | { kind: "lesson"; userId: string; lesson: string; completes: boolean }
  | { kind: "start"; userId: string; attemptId: string | null }
  | { kind: "save"; userId: string; attemptId: string; fields: Fields }
  | { kind: "submit"; userId: string; attemptId: string; fields: Fields; completes: boolean };

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

export interface Load {
  base: string;
  courseSlug: string;
  examSlug: string;
  questions: Question[];
  ledger: Entry[];
  cycle: number;
  agent: http.Agent;
  /** Set by the killer; a learner sends nothing after it. */
  stopped: () => boolean;
}

const ATTEMPT_ROUTE = "routes/courses.$course.quizzes.$quiz.attempts.$attempt";

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
    const res = await send({ kind: "lesson", userId: plan.userId, lesson: lesson.slug, completes: lesson.completes }, `${course}/${lesson.slug}`, [["intent", "done"]]);
    if (!res) return;
  }
  if (plan.exam) {
    const start: Write = { kind: "start", userId: plan.userId, attemptId: null };
    const res = await send(start, `${course}/quizzes/${load.examSlug}?index`, [["intent", "start"]]);
    const attemptId = res?.location?.match(/\/attempts\/([^/?#]+)$/)?.[1];
    if (!res || !attemptId) return;
    start.attemptId = attemptId;
    const attemptPath = `${course}/quizzes/${load.examSlug}/attempts/${attemptId}`;
    for (let i = 0; i < plan.exam.saves; i++) {
      const fields = answerFields(load.questions, i % 2 === 1, i);
      const saved = await send({ kind: "save", userId: plan.userId, attemptId, fields }, `${attemptPath}?_data=${encodeURIComponent(ATTEMPT_ROUTE)}`, [["intent", "autosave"], ...fields]);
      if (!saved) return;
    }
    const fields = answerFields(load.questions, true, plan.exam.saves);
    await send({ kind: "submit", userId: plan.userId, attemptId, fields, completes: true }, attemptPath, [["intent", "submit"], ...fields]);
  }
}

/** A form post as the browser makes it (same Origin, the session cookie); resolves once the whole body is in. */
function post(load: Load, path: string, fields: Fields, cookie: string): Promise<{ status: number; location: string | null }> {
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
        },
        timeout: 30_000,
      },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => (res.complete ? resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null }) : reject(new Error("response cut short"))));
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
 * Form fields answering every question of the exam (the server keeps only the drawn ones): all right,
 * or all wrong in a way that differs from one save to the next, so a lost or stale save shows.
 */
export function answerFields(questions: Question[], right: boolean, variant: number): Fields {
  const out: Fields = [];
  for (const q of questions) {
    const name = `q.${q.id}`;
    switch (q.type) {
      case "single":
        out.push([name, (right ? q.options.find((o) => o.correct) : q.options.find((o) => !o.correct))!.id]);
        break;
      case "multiple":
        for (const o of right ? q.options.filter((o) => o.correct) : q.options.filter((o) => !o.correct).slice(0, 1)) out.push([name, o.id]);
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
        q.items.forEach((item, i) => out.push([`${name}.${item.id}`, String(right ? i + 1 : q.items.length - i)]));
        break;
    }
  }
  return out;
}
