// What a lesson page shows and whom for: the lesson route's loader and the shape of a signed-in
// lesson page (features/pages/shaped-page.server.ts) both read it here, so they cannot disagree.
import type { AppLoadContext } from "@remix-run/node";
import { getCourseViewer } from "~/features/content/viewer.server";
import { isLessonDone } from "~/features/enrolment/repository.server";
import { headerUser } from "~/features/pages/header-user.server";
import { getLanguage } from "~/i18n/i18next.server";
import { contentVersion, findCourse, visibleLessons } from "./content.server";

interface Args {
  request: Request;
  context: AppLoadContext;
  params: { course?: string; lesson?: string };
}

/** The lesson, its course and neighbours as this reader may see them, and whether they marked it done; null when there is no such lesson for them. */
export async function lessonPageFacts(args: Args) {
  const viewer = await getCourseViewer(args, args.params.course ?? "");
  const lng = await getLanguage(args.request);
  const course = findCourse(args.params.course ?? "", viewer);
  if (!course) return null;
  const lessons = visibleLessons(course, viewer);
  const index = lessons.findIndex((l) => l.slug === args.params.lesson);
  if (index < 0) return null;
  const lesson = lessons[index];
  const done = viewer.user ? await isLessonDone(viewer.user.id, course.slug, lesson.slug) : false;
  return { user: viewer.user, canPreview: viewer.canPreview, lng, course, lessons, index, lesson, done };
}

/**
 * Everything a signed-in lesson page depends on besides the reader's name: the lesson, the
 * language, the header's menus, whether drafts are shown, the done state. Two readers with the
 * same key get the same page but for the name.
 */
export function lessonShapeKey(facts: NonNullable<Awaited<ReturnType<typeof lessonPageFacts>>>): string {
  const header = facts.user ? headerUser(facts.user) : null;
  return JSON.stringify([
    "lesson",
    // a newly published version makes new templates (decision 038)
    contentVersion(),
    facts.course.slug,
    facts.lesson.slug,
    facts.lng,
    header?.canManage ?? null,
    header?.isTrainer ?? null,
    header?.unread ?? 0,
    facts.canPreview,
    facts.done,
  ]);
}
