// Demo learning for the seed, made through the application's own code: two learners who completed
// the cyber-hygiene course (every lesson, the final exam passed, a certificate issued) and one
// Bayankhongor learner whose due date has passed — so reports, certificates and verification
// have something real to show on a fresh install.
import type { Question } from "~/features/content/schemas";
import type { Response } from "~/features/quiz/grading";

/** The full-marks answer to a question, as a learner's form would send it. */
function rightAnswer(q: Question): Response {
  switch (q.type) {
    case "single":
      return { type: "single", optionId: q.options.find((o) => o.correct)!.id };
    case "multiple":
      return { type: "multiple", optionIds: q.options.filter((o) => o.correct).map((o) => o.id) };
    case "true_false":
      return { type: "true_false", value: q.answer };
    case "short_text":
      return { type: "short_text", text: q.accept.mn[0] };
    case "numeric":
      return { type: "numeric", value: q.answer };
    case "ordering":
      return { type: "ordering", itemIds: q.items.map((i) => i.id) };
  }
}

export async function seedDemoLearning(opts: { completers: string[]; overdue: string[]; courseSlug: string }) {
  const { db, database } = await import("~/db.server");
  const { findCourse } = await import("~/features/content/content.server");
  const { recordLessonDone } = await import("~/features/enrolment/completion.server");
  const { requiredLessons } = await import("~/features/enrolment/progress.server");
  const { findQuiz, startAttempt, submitAttempt } = await import("~/features/quiz/attempts.server");
  const { questionIndex } = await import("~/features/quiz/grading");
  try {
    const course = findCourse(opts.courseSlug, { canPreview: true });
    const exam = course?.meta.exam ? findQuiz(course, course.meta.exam) : undefined;
    if (!course || !exam) throw new Error(`demo course ${opts.courseSlug} or its exam is missing`);
    const users = await db
      .selectFrom("users")
      .select(["id", "email"])
      .where("email", "in", [...opts.completers, ...opts.overdue])
      .execute();
    const idOf = (email: string) => users.find((u) => u.email === email)?.id;
    for (const email of opts.completers) {
      const userId = idOf(email);
      if (!userId) continue;
      for (const lesson of requiredLessons(course)) await recordLessonDone(userId, course, lesson.slug);
      const { attempt } = await startAttempt(userId, exam, "mn");
      const index = questionIndex(exam.quiz);
      const drawn = JSON.parse(attempt.questions) as { id: string }[];
      const answers = new Map(drawn.map((d) => [d.id, rightAnswer(index.get(d.id)!)]));
      await submitAttempt(userId, attempt.id, exam, answers); // passing completes the course and issues the certificate
    }
    const past = new Date(Date.now() - 10 * 86400_000).toISOString();
    for (const email of opts.overdue) {
      const userId = idOf(email);
      if (userId) await db.updateTable("enrolment").set({ due_at: past }).where("user_id", "=", userId).where("course_slug", "=", course.slug).execute();
    }
  } finally {
    await database.close();
  }
}
