import { type ActionFunctionArgs, json, type LoaderFunctionArgs, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PeopleFilterFields } from "~/features/enrolment/people-filter-fields";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { forbidden, readableAimags, requireRole } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import {
  assignRows,
  type CheckedRow,
  type CsvRow,
  checkAssignmentRows,
  decodeCsv,
  enrolMany,
  parseAssignmentCsv,
  parseDueDate,
} from "~/features/enrolment/assign.server";
import { findUsersForAssignment } from "~/features/enrolment/repository.server";
import { listAimags, listOrganisations, listSums } from "~/features/geo/repository.server";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { ROLES, type Role } from "../../db/schema";

const MAX_CSV_BYTES = 1_000_000;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const scope = readableAimags(user);
  const inScope = (code: string | null) => code !== null && (scope === "all" || scope.includes(code));
  const [aimags, sums, orgs] = await Promise.all([listAimags(), listSums(), listOrganisations()]);
  const pick = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  const courses = getCatalogue()
    .courses.filter((c) => c.meta.published)
    .map((c) => ({ slug: c.slug, title: c.meta.title[lng] }));
  const selected = new URL(args.request.url).searchParams.get("course");
  return json({
    title: await titleFor(args.request, "assign.title"),
    courses,
    course: courses.find((c) => c.slug === selected)?.slug ?? courses[0]?.slug ?? "",
    aimags: aimags.filter((a) => inScope(a.code)).map((a) => ({ code: a.code, name: pick(a) })),
    sums: sums.filter((s) => inScope(s.aimag_code)).map((s) => ({ id: s.id, aimag: s.aimag_code, name: pick(s) })),
    organisations: orgs.filter((o) => o.aimag_code === null || inScope(o.aimag_code)).map((o) => ({ id: o.id, aimag: o.aimag_code, name: pick(o) })),
    isAdmin: scope === "all",
  });
}

type ActionData =
  | { intent: "csv-preview"; rows: CheckedRow[]; csvText: string; course: string; error?: undefined }
  | { intent: "filter-preview"; count: number; sample: string[]; filter: Record<string, string>; course: string; error?: undefined }
  | { intent: string; error: string; line?: number };

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const scope = readableAimags(user);
  let form: FormData;
  try {
    form = (args.request.headers.get("Content-Type") ?? "").includes("multipart/form-data")
      ? await unstable_parseMultipartFormData(args.request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_CSV_BYTES }))
      : await args.request.formData();
  } catch {
    return json<ActionData>({ intent: "csv-preview", error: "assign.tooLarge" }, { status: 413 });
  }
  const intent = String(form.get("intent") ?? "");
  const course = String(form.get("course") ?? "");
  if (!getCatalogue().courses.some((c) => c.slug === course && c.meta.published)) {
    return json<ActionData>({ intent, error: "errors.invalidChoice" }, { status: 400 });
  }
  const back = `/admin/enrolments?course=${encodeURIComponent(course)}`;
  const done = async (count: number) => {
    const title = getCatalogue().courses.find((c) => c.slug === course)?.meta.title[await getLanguage(args.request)] ?? course;
    return redirectWithFlash(back, {
      key: count ? "assign.done" : "assign.nothingValid",
      kind: count ? "success" : "info",
      params: { count, course: title.slice(0, 200) },
    });
  };

  switch (intent) {
    case "individual":
    case "csv-preview":
    case "csv-confirm": {
      let rows: CsvRow[];
      let text = "";
      if (intent === "individual") {
        rows = [
          {
            line: 1,
            email: String(form.get("email") ?? "")
              .trim()
              .toLowerCase(),
            due: String(form.get("due") ?? ""),
          },
        ];
      } else {
        const file = form.get("file");
        const decoded = file instanceof File && file.size > 0 ? decodeCsv(new Uint8Array(await file.arrayBuffer())) : String(form.get("csvText") ?? "");
        if (typeof decoded !== "string") return json<ActionData>({ intent, error: `assign.${decoded.problem}` }, { status: 400 });
        text = decoded;
        if (text.length > MAX_CSV_BYTES) return json<ActionData>({ intent, error: "assign.tooLarge" }, { status: 413 });
        const parsed = parseAssignmentCsv(text);
        if (!Array.isArray(parsed)) return json<ActionData>({ intent, error: `assign.${parsed.problem}`, line: parsed.line }, { status: 400 });
        rows = parsed;
      }
      if (intent === "csv-preview") return json<ActionData>({ intent, rows: await checkAssignmentRows(rows, course, scope), csvText: text, course });
      const { checked, count } = await assignRows(rows, course, scope, user.id, intent);
      if (intent === "individual" && checked[0]?.problem) return json<ActionData>({ intent, error: `assign.${checked[0].problem}` }, { status: 400 });
      if (!checked.some((r) => r.problem === null)) return json<ActionData>({ intent, error: "assign.nothingValid" }, { status: 400 });
      return done(count);
    }
    case "filter-preview":
    case "filter-confirm": {
      const aimagCode = String(form.get("aimag") ?? "") || undefined;
      if (aimagCode && scope !== "all" && !scope.includes(aimagCode)) throw forbidden();
      const roleValue = String(form.get("role") ?? "");
      const role = (ROLES as readonly string[]).includes(roleValue) ? (roleValue as Role) : undefined;
      const due = parseDueDate(String(form.get("due") ?? ""));
      if ("problem" in due) return json<ActionData>({ intent, error: `assign.${due.problem}` }, { status: 400 });
      const { dueAt } = due;
      const filter = {
        aimags: scope,
        aimagCode,
        sumId: String(form.get("sum") ?? "") || undefined,
        organisationId: String(form.get("organisation") ?? "") || undefined,
        role,
      };
      const users = await findUsersForAssignment(filter);
      if (intent === "filter-preview") {
        return json<ActionData>({
          intent,
          course,
          count: users.length,
          sample: users.slice(0, 20).map((u) => `${u.surname} ${u.given_name} <${u.email}>`),
          filter: Object.fromEntries([...form].filter(([k]) => ["aimag", "sum", "organisation", "role", "due"].includes(k)).map(([k, v]) => [k, String(v)])),
        });
      }
      if (!users.length) return json<ActionData>({ intent, error: "assign.emptyFilter" }, { status: 400 });
      return done(
        await enrolMany(
          course,
          users.map((u) => ({ userId: u.id, dueAt })),
          user.id,
          "filter",
        ),
      );
    }
    default:
      return json<ActionData>({ intent, error: "errors.invalidChoice" }, { status: 400 });
  }
}

export default function Assign() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const error = a && "error" in a && a.error ? a.error : null;
  // the filter as last previewed, so that the form keeps it
  const kept: Partial<Record<string, string>> = a?.intent === "filter-preview" && "filter" in a ? a.filter : {};
  const due = (id: string, value?: string) => (
    <div className="mb-4">
      <label className="field-label" htmlFor={id}>
        {t("assign.dueDate")}
      </label>
      <span className="field-help" id={`${id}-help`}>
        {t("assign.dueHelp")}
      </span>
      <input id={id} name="due" type="date" defaultValue={value} aria-describedby={`${id}-help`} className="field-input max-w-xs" />
    </div>
  );
  const courseTitle = d.courses.find((c) => c.slug === d.course)?.title ?? d.course;
  const enrollingIn = (
    <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm">
      {t("assign.forCourse")}: <strong>{courseTitle}</strong>
    </p>
  );
  return (
    <>
      <h1 className="page-title">{t("assign.title")}</h1>
      <p className="mt-2 text-slate-700">{t("assign.lead")}</p>
      <Form method="get" className="card mt-6 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-64">
          <label htmlFor="course" className="field-label">
            {t("assign.course")}
          </label>
          <span id="course-help" className="field-help">
            {t("assign.changeCourse")}
          </span>
          {/* With JavaScript the choice applies at once; without it, "Choose" reloads the page. */}
          <select
            id="course"
            name="course"
            defaultValue={d.course}
            aria-describedby="course-help"
            className="field-input"
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
          >
            {d.courses.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          {t("assign.chooseCourse")}
        </button>
      </Form>
      {d.course ? (
        <p className="mt-3">
          <Link to={`/admin/courses/${d.course}/enrolled`}>
            {t("enrolled.courses.title")}: {courseTitle}
          </Link>
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
          {t(error, { line: a && "line" in a ? a.line : "?" })}
        </p>
      ) : null}

      <section className="card mt-6" aria-labelledby="individual">
        <h2 id="individual" className="mb-4 text-xl font-bold">
          {t("assign.individual")}
        </h2>
        {enrollingIn}
        <Form method="post">
          <input type="hidden" name="intent" value="individual" />
          <input type="hidden" name="course" value={d.course} />
          <div className="mb-4">
            <label className="field-label" htmlFor="assign-email">
              {t("assign.email")}
            </label>
            <input id="assign-email" name="email" type="email" required className="field-input" autoComplete="off" />
          </div>
          {due("due-individual")}
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("assign.confirm")}
          </button>
        </Form>
      </section>

      <section className="card mt-6" aria-labelledby="by-filter">
        <h2 id="by-filter" className="mb-4 text-xl font-bold">
          {t("assign.byFilter")}
        </h2>
        {enrollingIn}
        <Form method="post">
          <input type="hidden" name="course" value={d.course} />
          <PeopleFilterFields choices={d} kept={kept} />
          <div className="mt-4">{due("due-filter", kept.due)}</div>
          {a?.intent === "filter-preview" && "count" in a ? (
            <div className="mb-4 rounded-md bg-primary-light p-3" role="status">
              <p className="font-semibold">{t("assign.matches", { count: a.count })}</p>
              <ul className="mt-2 text-sm">
                {a.sample.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="intent" value="filter-preview" className="btn-secondary" disabled={busy}>
              {t("assign.preview")}
            </button>
            <button type="submit" name="intent" value="filter-confirm" className="btn-primary" disabled={busy}>
              {t("assign.confirm")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card mt-6" aria-labelledby="by-csv">
        <h2 id="by-csv" className="mb-2 text-xl font-bold">
          {t("assign.csv")}
        </h2>
        <p className="mb-4 text-sm text-slate-700">{t("assign.csvHelp")}</p>
        {enrollingIn}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="csv-preview" />
          <input type="hidden" name="course" value={d.course} />
          <div className="mb-4">
            <label className="field-label" htmlFor="csv-file">
              {t("assign.csvFile")}
            </label>
            <input id="csv-file" name="file" type="file" accept=".csv,text/csv,text/plain" className="field-file" />
          </div>
          <div className="mb-4">
            <label className="field-label" htmlFor="csv-text">
              {t("assign.csvText")}
            </label>
            <textarea
              id="csv-text"
              name="csvText"
              rows={4}
              className="field-input font-mono text-sm"
              defaultValue={a?.intent === "csv-preview" && "csvText" in a ? a.csvText : ""}
            />
          </div>
          <button type="submit" className="btn-secondary" disabled={busy}>
            {t("assign.preview")}
          </button>
        </Form>
        {a?.intent === "csv-preview" && "rows" in a ? (
          <Form method="post" className="mt-6">
            <input type="hidden" name="intent" value="csv-confirm" />
            <input type="hidden" name="course" value={a.course} />
            <input type="hidden" name="csvText" value={a.csvText} />
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">{t("assign.preview")}</caption>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className="px-2 py-1">
                      {t("assign.row")}
                    </th>
                    <th scope="col" className="px-2 py-1">
                      {t("fields.email")}
                    </th>
                    <th scope="col" className="px-2 py-1">
                      {t("assign.dueDate")}
                    </th>
                    <th scope="col" className="px-2 py-1">
                      {t("assign.problem")}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {a.rows.map((r) => (
                    <tr key={r.line} className={r.problem ? "bg-danger-light" : ""}>
                      <td className="px-2 py-1">{r.line}</td>
                      <td className="break-all px-2 py-1">{r.email}</td>
                      <td className="px-2 py-1">{r.due}</td>
                      <td className={`px-2 py-1 font-semibold ${r.problem ? "text-danger" : "text-success"}`}>
                        {r.problem ? t(`assign.${r.problem}`) : t("assign.ok")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button type="submit" className="btn-primary mt-4" disabled={busy || !a.rows.some((r) => !r.problem)}>
              {t("assign.confirm")} ({a.rows.filter((r) => !r.problem).length})
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}

export const meta = titleMeta;
