import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/features/auth/guards.server";
import { currentCertificate, listUserCertificates } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { courseProgress } from "~/features/enrolment/progress.server";
import { listUserEnrolments } from "~/features/enrolment/repository.server";
import { CertificateCard, CredentialExplained } from "~/features/enrolment/road";
import { certificateStanding } from "~/features/enrolment/road.server";
import { LEARNER_STATUSES } from "~/features/enrolment/statuses";
import { shortName } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const lng = await getLanguage(args.request);
  return json({
    title: await titleFor(args.request, "app.tagline"),
    name: user ? shortName(user) : null,
    next: user ? await nextStep(user.id, lng) : null,
    certificates: user ? await certificatesToShow(user.id, lng) : [],
  });
}

/** How many certificates home shows; the certificates page has them all. */
const HOME_CERTIFICATES = 3;

/** A learner's certificate for each course they hold one for: those to renew now first, then the newest. */
async function certificatesToShow(userId: string, lng: "mn" | "en") {
  const certs = await listUserCertificates(userId);
  const courses = new Map(getCatalogue().courses.map((c) => [c.slug, c]));
  const now = new Date();
  const shown = [...new Set(certs.map((c) => c.course_slug))]
    .map((slug) => currentCertificate(certs, slug)!)
    .filter((c) => !c.revoked_at)
    .map((c) => ({
      courseSlug: c.course_slug,
      course: lng === "en" ? c.course_title_en : c.course_title_mn,
      standing: certificateStanding(c, courses.get(c.course_slug), lng, now),
    }));
  // stable: within each group the newest first, as listed
  shown.sort((a, b) => Number(b.standing.renewal === "now") - Number(a.standing.renewal === "now"));
  return shown.slice(0, HOME_CERTIFICATES);
}

/** A signed-in learner's next step in their most urgent unfinished course (overdue first): a lesson, or the exam once the lessons are read. */
async function nextStep(userId: string, lng: "mn" | "en") {
  const catalogue = new Map(getCatalogue().courses.map((c) => [c.slug, c]));
  let best: { urgency: number; course: string; title: string; lesson: { slug: string; title: string } | null; exam: string | null; started: boolean } | null =
    null;
  for (const e of await listUserEnrolments(userId)) {
    const course = catalogue.get(e.course_slug);
    if (!course || e.status !== "active" || e.completed_at) continue;
    const p = await courseProgress(userId, course);
    const lesson = p.nextLesson ? course.lessons.find((l) => l.slug === p.nextLesson) : undefined;
    const exam = !lesson && course.meta.exam && !p.examPassed ? course.meta.exam : null;
    if ((!lesson && !exam) || (best && best.urgency <= LEARNER_STATUSES.indexOf(p.status))) continue;
    const front = lesson ? (lesson.front[lng] ?? lesson.front.mn ?? lesson.front.en) : undefined;
    best = {
      urgency: LEARNER_STATUSES.indexOf(p.status),
      course: course.slug,
      title: course.meta.title[lng],
      lesson: lesson ? { slug: lesson.slug, title: front?.title ?? lesson.slug } : null,
      exam,
      started: p.requiredDone > 0,
    };
  }
  return best;
}

const features = [
  { title: "home.feature1Title", text: "home.feature1Text", icon: "M4 5h16v11H4zM2 18h20v2H2z" },
  { title: "home.feature2Title", text: "home.feature2Text", icon: "M4 20V10h3v10zm6 0V4h3v16zm6 0v-7h3v7z" },
  { title: "home.feature3Title", text: "home.feature3Text", icon: "M12 2l3 6 6 1-4.5 4 1 6-5.5-3-5.5 3 1-6L3 9l6-1z" },
] as const;

export default function Index() {
  const { name, next, certificates } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="rounded-xl bg-white px-5 py-8 shadow-sm sm:px-10 sm:py-12">
        <p className="text-sm font-semibold uppercase tracking-wide text-primary">{t("app.academy")}</p>
        {name ? (
          <>
            <h1 className="page-title mt-2">{t("home.welcome", { name })}</h1>
            <p className="mt-3 max-w-prose text-lg text-slate-700">{t("home.welcomeLead")}</p>
            {next ? (
              <div className="mt-6 rounded-lg border border-slate-200 bg-slate-50 p-4">
                <p className="text-sm font-semibold text-slate-600">{next.title}</p>
                <p className="mt-3 flex flex-wrap gap-3">
                  {next.lesson ? (
                    <Link to={`/courses/${next.course}/${next.lesson.slug}`} className="btn-primary">
                      {t(next.started ? "enrolment.continueLesson" : "enrolment.startLesson", { title: next.lesson.title })}
                    </Link>
                  ) : (
                    <Link to={`/courses/${next.course}/quizzes/${next.exam}`} className="btn-primary">
                      {t("course.exam")}
                    </Link>
                  )}
                  <Link to="/my" className="btn-secondary">
                    {t("nav.myLearning")}
                  </Link>
                </p>
              </div>
            ) : (
              <p className="mt-6">
                <Link to="/courses" className="btn-primary">
                  {t("nav.courses")}
                </Link>
              </p>
            )}
          </>
        ) : (
          <>
            <h1 className="page-title mt-2">{t("home.title")}</h1>
            <p className="mt-3 max-w-prose text-lg text-slate-700">{t("home.lead")}</p>
            <div className="mt-6 flex flex-wrap gap-3">
              <Link to="/register" className="btn-primary">
                {t("home.ctaRegister")}
              </Link>
              <Link to="/login" className="btn-secondary">
                {t("home.ctaLogin")}
              </Link>
              <Link to="/courses" className="btn-secondary">
                {t("nav.courses")}
              </Link>
            </div>
          </>
        )}
      </section>
      {certificates.length ? (
        <section className="mt-8" aria-labelledby="certificates-title">
          <h2 id="certificates-title" className="text-xl font-bold">
            {t("road.renewalsTitle")}
          </h2>
          {certificates.map((c) => (
            <CertificateCard key={c.courseSlug} certificate={c.standing} completedOn={null} courseSlug={c.courseSlug} title={c.course} explain={false} />
          ))}
          <CredentialExplained />
          <p className="mt-3">
            <Link to="/certificates" className="inline-flex min-h-11 items-center font-semibold">
              {t("road.allCertificates")}
            </Link>
          </p>
        </section>
      ) : null}
      <section className="mt-10" aria-labelledby="features-title">
        <h2 id="features-title" className="text-xl font-bold">
          {t("home.featuresTitle")}
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-3">
          {features.map((f) => (
            <li key={f.title} className="card">
              <svg aria-hidden="true" width="32" height="32" viewBox="0 0 24 24" className="fill-primary">
                <path d={f.icon} />
              </svg>
              <h3 className="mt-3 font-bold">{t(f.title)}</h3>
              <p className="mt-1 text-slate-700">{t(f.text)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export const meta = titleMeta;
