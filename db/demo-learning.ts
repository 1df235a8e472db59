// Demo learning for the seed, made through the application's own code: two learners who completed
// the cyber-hygiene course (every lesson, the final exam passed, a certificate issued) and one
// Bayankhongor learner whose due date has passed — so reports, certificates and verification
// have something real to show on a fresh install. The caller closes the application's database.
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

/** Every required lesson done and the course's exam passed with full marks, through the application's own code. */
export async function completeOnlinePart(courseSlug: string, emails: string[]) {
  const { db } = await import("~/db.server");
  const { findCourse } = await import("~/features/content/content.server");
  const { recordLessonDone } = await import("~/features/enrolment/completion.server");
  const { requiredLessons } = await import("~/features/enrolment/progress.server");
  const { findQuiz, startAttempt, submitAttempt } = await import("~/features/quiz/attempts.server");
  const { questionIndex } = await import("~/features/quiz/grading");
  const course = findCourse(courseSlug, { canPreview: true });
  const exam = course?.meta.exam ? findQuiz(course, course.meta.exam) : undefined;
  if (!course || !exam) throw new Error(`demo course ${courseSlug} or its exam is missing`);
  const users = emails.length ? await db.selectFrom("users").select(["id", "email"]).where("email", "in", emails).execute() : [];
  for (const { id: userId } of users) {
    for (const lesson of requiredLessons(course)) await recordLessonDone(userId, course, lesson.slug);
    const { attempt } = await startAttempt(userId, exam, "mn");
    const index = questionIndex(exam.quiz);
    const drawn = JSON.parse(attempt.questions) as { id: string }[];
    const answers = new Map(drawn.map((d) => [d.id, rightAnswer(index.get(d.id)!)]));
    await submitAttempt(userId, attempt.id, exam, answers); // passing completes the course and issues the certificate
  }
}

export async function seedDemoLearning(opts: { completers: string[]; overdue: string[]; courseSlug: string }) {
  const { db } = await import("~/db.server");
  await completeOnlinePart(opts.courseSlug, opts.completers);
  const past = new Date(Date.now() - 10 * 86400_000).toISOString();
  const overdue = opts.overdue.length ? await db.selectFrom("users").select("id").where("email", "in", opts.overdue).execute() : [];
  for (const { id: userId } of overdue)
    await db.updateTable("enrolment").set({ due_at: past }).where("user_id", "=", userId).where("course_slug", "=", opts.courseSlug).execute();
}
