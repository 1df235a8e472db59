// A trainer's home: the courses they train (the one rule, trainers.server.ts), each with how many
// of its learners in their scope are enrolled, active, completed and certified — read from the
// report summaries (a few index reads per course, whatever the number of learners).
import type { SessionUser } from "~/features/auth/session.server";
import { scopeTotals } from "~/features/reports/repository.server";
import { getCatalogue } from "./content.server";
import { trainedCourses } from "./trainers.server";
import { courseQuizzes } from "~/features/quiz/preview.server";

export async function trainerHome(user: Pick<SessionUser, "id" | "roles" | "email">, now = new Date()) {
  const trained = await trainedCourses(user);
  const courses = getCatalogue().courses.filter((c) => trained.has(c.slug));
  return Promise.all(
    courses.map(async (course) => {
      const t = trained.get(course.slug)!;
      const m = await scopeTotals({ aimags: t.learners, courseSlug: course.slug }, now);
      return {
        course,
        trained: t,
        counts: { enrolled: m.enrolled, active: m.ongoing, completed: m.completed, certified: m.certified },
        quizzes: courseQuizzes(course),
      };
    }),
  );
}
