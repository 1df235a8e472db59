// What a course page shows and whom for: the course route's loader and the shape of a signed-in
// course page (features/pages/shaped-page.server.ts) both read it here, so they cannot disagree.
import crypto from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { currentCertificate, listUserCertificates } from "~/features/certificates/certificates.server";
import { getCourseViewer } from "~/features/content/viewer.server";
import { courseProgress } from "~/features/enrolment/progress.server";
import { certificateStanding, stillMissing } from "~/features/enrolment/road.server";
import { listUpcomingEventsForCourse, registrationStatuses } from "~/features/events/repository.server";
import { headerUser } from "~/features/pages/header-user.server";
import { formatDateLong } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import type { RegistrationStatus } from "../../../db/schema";
import type { CourseMeta } from "./schemas";
import { contentVersion, findCourse, isDraft, visibleLessons } from "./content.server";

interface Args {
  request: Request;
  context: AppLoadContext;
  params: { course?: string };
}

/**
 * The course's change notes a learner who has seen `seen` has not: those written above the note of
 * the version they saw (notes are newest first), or all of them when that version has none. None
 * for a learner on the current version.
 */
export function changesSince(meta: Pick<CourseMeta, "version" | "changes">, seen: string) {
  if (seen === meta.version) return [];
  const notes = meta.changes ?? [];
  const at = notes.findIndex((c) => c.version === seen);
  return at < 0 ? notes : notes.slice(0, at);
}

/** The course page's data as this reader may see it (their progress, their registrations); null when there is no such course for them. */
export async function coursePageFacts(args: Args) {
  const viewer = await getCourseViewer(args, args.params.course ?? "");
  const lng = await getLanguage(args.request);
  const course = findCourse(args.params.course ?? "", viewer);
  if (!course) return null;
  const m = course.meta;
  const visible = new Set(visibleLessons(course, viewer).map((l) => l.slug));
  const quizTitle = (slug: string) => course.quizzes.get(slug)?.title[lng] ?? slug;
  const modules = course.modules.map((mod, i) => ({
    number: i + 1,
    title: mod.title[lng],
    quiz: mod.quiz ? { slug: mod.quiz, title: quizTitle(mod.quiz) } : null,
    lessons: mod.lessons
      .filter((l) => visible.has(l.slug))
      .map((l) => {
        const front = l.front[lng] ?? l.front.mn ?? l.front.en;
        return {
          slug: l.slug,
          title: front?.title ?? l.slug,
          summary: front?.summary ?? null,
          minutes: front?.minutes ?? 0,
          required: front?.required ?? true,
          draft: isDraft(l),
        };
      }),
  }));
  const now = new Date();
  const progress = viewer.user ? await courseProgress(viewer.user.id, course, now) : null;
  // only a completed course has a certificate to show: no query on the way there
  const certificate = viewer.user && progress?.completedAt ? currentCertificate(await listUserCertificates(viewer.user.id), course.slug) : null;
  // a blended course: where and when its in-person part is held, the learner's own aimag first
  const upcoming = m.inPersonRequired ? await listUpcomingEventsForCourse(course.slug, new Date().toISOString(), viewer.user?.aimag_code ?? null) : [];
  const statuses = viewer.user
    ? await registrationStatuses(
        viewer.user.id,
        upcoming.map((e) => e.id),
      )
    : new Map();
  const sessions = upcoming.map((e) => ({
    id: e.id,
    title: lng === "en" ? e.title_en : e.title_mn,
    place: `${lng === "en" ? e.aimag_en : e.aimag_mn} · ${e.venue}`,
    dates:
      formatDateLong(e.starts_at, lng) + (formatDateLong(e.ends_at, lng) === formatDateLong(e.starts_at, lng) ? "" : ` – ${formatDateLong(e.ends_at, lng)}`),
    status: (statuses.get(e.id) ?? null) as RegistrationStatus | null,
  }));
  // what changed since the version the learner has seen, until they say they have read it
  const seen = progress?.enrolment?.version_seen ?? null;
  const changes = seen ? changesSince(m, seen).map((c) => ({ version: c.version, summary: c.summary[lng] })) : [];
  const titleOf = (slug: string | null) => modules.flatMap((mod) => mod.lessons).find((l) => l.slug === slug)?.title ?? null;
  // each module's lessons done (drafts, shown to trainers, do not count), and the one the learner is in, open
  const moduleProgress = modules.map((mod) => {
    const counted = mod.lessons.filter((l) => !l.draft);
    return { done: counted.filter((l) => progress?.done.has(l.slug)).length, total: counted.length };
  });
  const current = progress?.enrolment && progress.nextLesson ? modules.findIndex((mod) => mod.lessons.some((l) => l.slug === progress.nextLesson)) : -1;
  const openModule = modules.length === 1 ? 1 : progress?.enrolment ? (current >= 0 ? current + 1 : null) : 1;
  const data = {
    title: await titleFor(args.request, m.title[lng], true),
    signedIn: Boolean(viewer.user),
    course: {
      slug: course.slug,
      title: m.title[lng],
      summary: m.summary[lng],
      hours: m.hours,
      version: m.version,
      validity: m.certificateValidityMonths,
      inPerson: m.inPersonRequired,
      objectives: m.objectives[lng],
      audience: m.audience,
      published: m.published,
    },
    exam: m.exam ? { slug: m.exam, title: quizTitle(m.exam) } : null,
    modules: modules.map((mod, i) => ({ ...mod, progress: progress?.enrolment ? moduleProgress[i] : null, open: mod.number === openModule })),
    sessions,
    firstLesson: modules.flatMap((mod) => mod.lessons)[0]?.slug ?? null,
    progress:
      progress && progress.enrolment
        ? {
            percent: progress.percent,
            status: progress.status,
            requiredDone: progress.requiredDone,
            requiredTotal: progress.requiredTotal,
            examPassed: progress.examPassed,
            attendanceRequired: progress.attendanceRequired,
            attendanceDone: progress.attendanceDone,
            done: [...progress.done],
            next: progress.nextLesson ? { slug: progress.nextLesson, title: titleOf(progress.nextLesson) } : null,
            due: progress.enrolment.due_at ? formatDateLong(progress.enrolment.due_at, lng) : null,
            completedOn: progress.completedAt ? formatDateLong(progress.completedAt, lng) : null,
            missing: stillMissing(course, progress),
            changes,
          }
        : null,
    // its id and code make a certified learner's page a shape of its own: correct, and rare (decision 028)
    certificate: certificate ? certificateStanding(certificate, course, lng, now) : null,
  };
  return { user: viewer.user, lng, data };
}

/**
 * Everything a signed-in course page depends on besides the reader's name: the language, the
 * header's menus and the page's whole data (progress, due date, registrations). The page is drawn
 * from that data alone, so two readers with the same key get the same page but for the name.
 */
export function courseShapeKey(facts: NonNullable<Awaited<ReturnType<typeof coursePageFacts>>>): string {
  const header = facts.user ? headerUser(facts.user) : null;
  const whole = JSON.stringify([contentVersion(), facts.lng, header?.canManage ?? null, header?.isTrainer ?? null, header?.unread ?? 0, facts.data]);
  return `course:${facts.data.course.slug}:${crypto.createHash("sha256").update(whole).digest("base64url")}`;
}
