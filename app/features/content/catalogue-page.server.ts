// The catalogue: the courses a reader may see, filtered and searched, each with the signed-in
// learner's place in it (enrolled, overdue, completed).
import { listUserEnrolments } from "~/features/enrolment/repository.server";
import type { Language } from "~/i18n/config";
import type { CourseEntry } from "./catalogue.server";
import { type Viewer, visibleCourses } from "./content.server";
import type { Audience } from "./schemas";
import { matchCourse, queryWords } from "./search.server";

export interface CatalogueFilter {
  audience: Audience | "";
  lang: Language | "";
  q: string;
}

/** What a card says of the learner's enrolment: withdrawn enrolments are not shown. */
export type CardEnrolment = "enrolled" | "overdue" | "completed";

export async function catalogueCourses(viewer: Viewer & { user: { id: string } | null }, filter: CatalogueFilter, lng: Language) {
  const words = queryWords(filter.q);
  const enrolments = viewer.user ? await listUserEnrolments(viewer.user.id) : [];
  const enrolment = new Map<string, CardEnrolment>(
    enrolments.map((e) => [e.course_slug, e.learner_status === "completed" ? "completed" : e.learner_status === "overdue" ? "overdue" : "enrolled"]),
  );
  const found: { course: CourseEntry; match: NonNullable<ReturnType<typeof matchCourse>> }[] = [];
  for (const course of visibleCourses(viewer)) {
    if (filter.audience && !course.meta.audience.includes(filter.audience)) continue;
    if (filter.lang && !course.languages.includes(filter.lang)) continue;
    const match = matchCourse(course, viewer, words, lng);
    if (match) found.push({ course, match });
  }
  // courses named by the words first, then those with a lesson so named, then those whose text has them
  found.sort((a, b) => a.match.rank - b.match.rank);
  return found.map(({ course: c, match }) => ({
    slug: c.slug,
    title: c.meta.title[lng],
    summary: c.meta.summary[lng],
    hours: c.meta.hours,
    lessons: c.lessons.length,
    audience: c.meta.audience,
    languages: c.languages,
    draft: !c.meta.published,
    matchedLesson: match.lesson,
    enrolment: enrolment.get(c.slug) ?? null,
  }));
}
