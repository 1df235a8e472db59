import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgressBar } from "~/components/progress-bar";
import { StatusBadge } from "~/components/status-badge";
import { requireUser } from "~/features/auth/guards.server";
import { currentCertificate, listUserCertificates } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { courseProgress } from "~/features/enrolment/progress.server";
import { listUserEnrolments } from "~/features/enrolment/repository.server";
import { CertificateCard, MissingSteps } from "~/features/enrolment/road";
import { certificateStanding, stillMissing } from "~/features/enrolment/road.server";
import { LEARNER_STATUSES } from "~/features/enrolment/statuses";
import { formatDateLong } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const lng = await getLanguage(args.request);
  const courses = new Map(getCatalogue().courses.map((c) => [c.slug, c]));
  const [enrolments, certificates] = await Promise.all([listUserEnrolments(user.id), listUserCertificates(user.id)]);
  const now = new Date();
  const items = [];
  for (const e of enrolments) {
    const course = courses.get(e.course_slug);
    if (!course) continue;
    const p = await courseProgress(user.id, course, now);
    const certificate = p.completedAt ? currentCertificate(certificates, course.slug) : null;
    const next = p.nextLesson ? course.lessons.find((l) => l.slug === p.nextLesson) : undefined;
    items.push({
      slug: course.slug,
      title: course.meta.title[lng],
      percent: p.percent,
      status: p.status,
      due: e.due_at ? formatDateLong(e.due_at, lng) : null,
      assigned: Boolean(e.enrolled_by),
      started: p.requiredDone > 0,
      next: next ? { slug: next.slug, title: (next.front[lng] ?? next.front.mn ?? next.front.en)?.title ?? next.slug } : null,
      exam: !p.nextLesson && course.meta.exam && !p.examPassed ? course.meta.exam : null,
      missing: stillMissing(course, p),
      completedOn: p.completedAt ? formatDateLong(p.completedAt, lng) : null,
      certificate: certificate ? certificateStanding(certificate, course, lng, now) : null,
    });
  }
  // The most urgent first, in the order the reports use.
  items.sort((a, b) => LEARNER_STATUSES.indexOf(a.status) - LEARNER_STATUSES.indexOf(b.status));
  return json({ title: await titleFor(args.request, "myLearning.title"), items });
}

export default function MyLearning() {
  const { items } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1 className="page-title">{t("myLearning.title")}</h1>
      {items.length === 0 ? (
        <div className="card mt-6">
          <p>{t("myLearning.empty")}</p>
          <p className="mt-4">
            <Link to="/courses" className="btn-primary">
              {t("myLearning.browse")}
            </Link>
          </p>
        </div>
      ) : (
        <ul className="mt-6 space-y-4">
          {items.map((i) => (
            <li key={i.slug} className="card">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="text-xl font-bold">
                  <Link to={`/courses/${i.slug}`}>{i.title}</Link>
                </h2>
                <StatusBadge status={i.status} />
              </div>
              <div className="mt-3">
                <ProgressBar percent={i.percent} label={t("enrolment.progressValue", { percent: i.percent })} />
              </div>
              {i.due ? (
                <p className="mt-2 text-sm">
                  {t("enrolment.due", { date: i.due })}
                  {i.assigned ? ` · ${t("myLearning.assignedBy")}` : ""}
                </p>
              ) : null}
              <MissingSteps missing={i.missing} id={`missing-${i.slug}`} sessionsHref={`/courses/${i.slug}#sessions-title`} />
              {i.certificate ? (
                <CertificateCard certificate={i.certificate} completedOn={i.completedOn} courseSlug={i.slug} />
              ) : i.completedOn ? (
                <p className="mt-2 text-sm">{t("enrolment.completedOn", { date: i.completedOn })}</p>
              ) : null}
              {i.next ? (
                <p className="mt-3">
                  <Link to={`/courses/${i.slug}/${i.next.slug}`} className="btn-primary">
                    {t(i.started ? "enrolment.continueLesson" : "enrolment.startLesson", { title: i.next.title })}
                  </Link>
                </p>
              ) : i.exam ? (
                <p className="mt-3">
                  <Link to={`/courses/${i.slug}/quizzes/${i.exam}`} className="btn-primary">
                    {t("course.exam")}
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta = titleMeta;
