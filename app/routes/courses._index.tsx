import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { cacheControlHeaders, pageCacheControl } from "~/features/pages/cache-control";
import { catalogueCourses } from "~/features/content/catalogue-page.server";
import { AUDIENCES, type Audience } from "~/features/content/schemas";
import { getViewer } from "~/features/content/viewer.server";
import { isLanguage, type Language } from "~/i18n/config";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await getViewer(args);
  const lng = await getLanguage(args.request);
  const url = new URL(args.request.url);
  const audienceParam = url.searchParams.get("audience") ?? "";
  const audience: Audience | "" = (AUDIENCES as readonly string[]).includes(audienceParam) ? (audienceParam as Audience) : "";
  const langParam = url.searchParams.get("lang") ?? "";
  const lang: Language | "" = isLanguage(langParam) ? langParam : "";
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const filter = { audience, lang, q };
  const courses = await catalogueCourses(viewer, filter, lng);
  return json(
    { title: await titleFor(args.request, "catalogue.title"), courses, filter },
    { headers: { "Cache-Control": pageCacheControl(Boolean(viewer.user)) } },
  );
}

export default function Catalogue() {
  const { courses, filter } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const filtered = Boolean(filter.audience || filter.lang || filter.q);
  return (
    <>
      <h1 className="page-title">{t("catalogue.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("catalogue.lead")}</p>
      <Form method="get" role="search" className="card mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto] lg:items-end">
        <div>
          <label htmlFor="q" className="field-label">
            {t("catalogue.search")}
          </label>
          <span id="q-help" className="field-help">
            {t("catalogue.searchHelp")}
          </span>
          <input id="q" name="q" type="search" defaultValue={filter.q} aria-describedby="q-help" className="field-input" />
        </div>
        <div>
          <label htmlFor="audience" className="field-label">
            {t("catalogue.audience")}
          </label>
          <select id="audience" name="audience" defaultValue={filter.audience} className="field-input">
            <option value="">{t("catalogue.anyAudience")}</option>
            {AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {t(`audience.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="lang" className="field-label">
            {t("catalogue.language")}
          </label>
          <select id="lang" name="lang" defaultValue={filter.lang} className="field-input">
            <option value="">{t("catalogue.anyLanguage")}</option>
            <option value="mn">{t("languages.mn")}</option>
            <option value="en">{t("languages.en")}</option>
          </select>
        </div>
        <button type="submit" className="btn-primary">
          {t("catalogue.apply")}
        </button>
      </Form>
      <p className="mt-4 text-slate-700" aria-live="polite">
        {t("catalogue.count", { count: courses.length })}
        {filtered ? (
          <>
            {" · "}
            <Link to="/courses">{t("catalogue.clear")}</Link>
          </>
        ) : null}
      </p>
      {courses.length === 0 ? (
        <p className="card mt-4">{t("catalogue.empty")}</p>
      ) : (
        <ul className="mt-4 grid gap-4 md:grid-cols-2">
          {courses.map((c) => (
            <li key={c.slug} className="card flex flex-col">
              <h2 className="text-xl font-bold">
                <Link to={`/courses/${c.slug}`} className="no-underline hover:underline">
                  {c.title}
                </Link>
              </h2>
              {c.draft ? (
                <p className="mt-1">
                  <span className="rounded bg-warning-light px-2 py-0.5 text-sm font-semibold text-warning">{t("catalogue.draft")}</span>
                </p>
              ) : null}
              {c.enrolment ? <EnrolmentBadge state={c.enrolment} /> : null}
              <p className="mt-2 flex-1 text-slate-700">{c.summary}</p>
              {c.matchedLesson ? (
                <div className="mt-3 rounded-md border-l-4 border-primary bg-primary-light/50 px-3 py-2 text-sm">
                  <p>
                    {t("catalogue.foundInLesson")}{" "}
                    <Link to={`/courses/${c.slug}/${c.matchedLesson.slug}`} className="font-semibold">
                      {c.matchedLesson.title}
                    </Link>
                  </p>
                  {c.matchedLesson.snippet ? (
                    <p className="mt-1 text-slate-700">
                      {c.matchedLesson.snippet.before}
                      <mark className="rounded-sm bg-yellow-200 px-0.5 text-slate-900">{c.matchedLesson.snippet.match}</mark>
                      {c.matchedLesson.snippet.after}
                    </p>
                  ) : null}
                </div>
              ) : null}
              <p className="mt-3 text-sm text-slate-700">
                {t("catalogue.hours", { hours: c.hours })} · {t("catalogue.lessons", { count: c.lessons })} ·{" "}
                {c.languages.map((l) => t(`languages.${l}`)).join(", ")}
              </p>
              <ul className="mt-3 flex flex-wrap gap-2" aria-label={t("catalogue.audience")}>
                {c.audience.map((a) => (
                  <li key={a} className="rounded-full bg-primary-light px-3 py-1 text-sm text-primary-dark">
                    {t(`audience.${a}`)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const ENROLMENT_STYLE = {
  enrolled: "bg-primary-light text-primary-dark",
  overdue: "bg-danger-light text-danger",
  completed: "bg-success-light text-success",
} as const;

/** The signed-in learner's place in a course, in words beside its colour and icon. */
function EnrolmentBadge({ state }: { state: keyof typeof ENROLMENT_STYLE }) {
  const { t } = useTranslation();
  return (
    <p className="mt-2">
      <span className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-sm font-semibold ${ENROLMENT_STYLE[state]}`}>
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
          {state === "completed" ? (
            <path d="M6.5 11.2 3.3 8l-1.1 1.1 4.3 4.3 8-8-1.1-1.1z" />
          ) : state === "overdue" ? (
            <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-.8 3h1.6v5H7.2zm0 6.4h1.6V12H7.2z" />
          ) : (
            <path d="M4 1.5h8a1 1 0 0 1 1 1v12l-5-3-5 3v-12a1 1 0 0 1 1-1z" />
          )}
        </svg>
        {t(`catalogue.${state}`)}
      </span>
    </p>
  );
}

export const headers = cacheControlHeaders;

export const meta = titleMeta;
