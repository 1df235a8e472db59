import { type ActionFunctionArgs, json, type LoaderFunctionArgs, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PeopleFilterFields } from "~/features/enrolment/people-filter-fields";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { forbidden, readableAimags, requireRole } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import {
  assignPicked,
  assignRows,
  type CheckedRow,
  type CsvRow,
  checkAssignmentRows,
  enrolMany,
  MAX_CSV_ROWS,
  parseAssignmentCsv,
  parseDueDate,
  readAssignmentFile,
} from "~/features/enrolment/assign.server";
import { findActiveEnrolmentUserIds, findUsersForAssignment } from "~/features/enrolment/repository.server";
import { listAimags, listOrganisations, listSums } from "~/features/geo/repository.server";
import { searchUsers } from "~/features/users/repository.server";
import { formatDateShort, formatNumber, fullName } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { ROLES, type Role } from "../../db/schema";
import { FileInput, TypedDateInput } from "~/components/form";

const MAX_CSV_BYTES = 1_000_000;
/** People shown for a name search; more means the search should be narrowed. */
const SEARCH_LIMIT = 50;
/** People picked from a search in one go. */
const MAX_PICKED = 200;

/** The rows of an Excel file as the preview showed them, sent back with the confirmation. */
const PreviewRows = z.array(z.object({ line: z.number().int().min(1).max(1_048_576), email: z.string().max(320), due: z.string().max(100) })).max(MAX_CSV_ROWS);

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
  const url = new URL(args.request.url);
  const selected = url.searchParams.get("course");
  const course = courses.find((c) => c.slug === selected)?.slug ?? courses[0]?.slug ?? "";
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const found = q ? await searchUsers({ text: q, aimags: scope, limit: SEARCH_LIMIT + 1 }) : [];
  const enrolled = new Set(
    (
      await findActiveEnrolmentUserIds(
        course,
        found.map((u) => u.id),
      )
    ).map((e) => e.user_id),
  );
  return json({
    title: await titleFor(args.request, "assign.title"),
    courses,
    course,
    aimags: aimags.filter((a) => inScope(a.code)).map((a) => ({ code: a.code, name: pick(a) })),
    sums: sums.filter((s) => inScope(s.aimag_code)).map((s) => ({ id: s.id, aimag: s.aimag_code, name: pick(s) })),
    organisations: orgs.filter((o) => o.aimag_code === null || inScope(o.aimag_code)).map((o) => ({ id: o.id, aimag: o.aimag_code, name: pick(o) })),
    isAdmin: scope === "all",
    search: {
      q,
      more: found.length > SEARCH_LIMIT,
      people: found.slice(0, SEARCH_LIMIT).map((u) => ({
        id: u.id,
        name: fullName(u),
        email: u.email,
        place: [lng === "en" ? u.organisation_en : u.organisation_mn, lng === "en" ? u.sum_en : u.sum_mn].join(", "),
        enrolled: enrolled.has(u.id),
        disabled: u.disabled_at !== null,
      })),
    },
  });
}

type ActionData =
  | { intent: "csv-preview"; rows: CheckedRow[]; csvText: string; course: string; format: "csv" | "xlsx"; sheet?: string; error?: undefined }
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
  const done = async (count: number, skipped = 0, to = back) => {
    const title = getCatalogue().courses.find((c) => c.slug === course)?.meta.title[await getLanguage(args.request)] ?? course;
    return redirectWithFlash(to, {
      key: !count ? "assign.nothingValid" : skipped ? "assignPick.skipped" : "assign.done",
      kind: count ? "success" : "info",
      params: { count, skipped, course: title.slice(0, 200) },
    });
  };

  switch (intent) {
    case "individual":
    case "csv-preview":
    case "csv-confirm": {
      let rows: CsvRow[];
      let text = "";
      let format: "csv" | "xlsx" = "csv";
      let sheet: string | undefined;
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
        const previewed = form.get("rows");
        if (file instanceof File && file.size > 0) {
          // told apart by content: an Excel workbook, CSV text, or something else refused by name
          const read = await readAssignmentFile(new Uint8Array(await file.arrayBuffer()));
          if ("problem" in read) return json<ActionData>({ intent, error: `assign.${read.problem}`, line: read.line }, { status: 400 });
          rows = read.rows;
          if (read.format === "xlsx") {
            format = "xlsx";
            sheet = read.sheet;
          } else text = read.text;
        } else if (typeof previewed === "string" && previewed) {
          // an Excel file's rows as its preview showed them
          let parsed: ReturnType<typeof PreviewRows.safeParse>;
          try {
            parsed = PreviewRows.safeParse(JSON.parse(previewed));
          } catch {
            parsed = PreviewRows.safeParse(null);
          }
          if (!parsed.success) return json<ActionData>({ intent, error: "errors.invalidChoice" }, { status: 400 });
          rows = parsed.data;
          format = "xlsx";
        } else {
          text = String(form.get("csvText") ?? "");
          if (text.length > MAX_CSV_BYTES) return json<ActionData>({ intent, error: "assign.tooLarge" }, { status: 413 });
          const parsed = parseAssignmentCsv(text);
          if (!Array.isArray(parsed)) return json<ActionData>({ intent, error: `assign.${parsed.problem}`, line: parsed.line }, { status: 400 });
          rows = parsed;
        }
      }
      if (intent === "csv-preview")
        return json<ActionData>({ intent, rows: await checkAssignmentRows(rows, course, scope), csvText: text, course, format, sheet });
      const { checked, count } = await assignRows(rows, course, scope, user.id, format === "xlsx" ? "xlsx" : intent);
      if (intent === "individual" && checked[0]?.problem) return json<ActionData>({ intent, error: `assign.${checked[0].problem}` }, { status: 400 });
      if (!checked.some((r) => r.problem === null)) return json<ActionData>({ intent, error: "assign.nothingValid" }, { status: 400 });
      return done(count);
    }
    case "pick": {
      const ids = [...new Set(form.getAll("userId").map(String))].filter((id) => id.length > 0 && id.length <= 100);
      if (!ids.length) return json<ActionData>({ intent, error: "assignPick.noneChosen" }, { status: 400 });
      if (ids.length > MAX_PICKED) return json<ActionData>({ intent, error: "assignPick.tooMany" }, { status: 400 });
      const q = String(form.get("q") ?? "").slice(0, 100);
      const { checked, count } = await assignPicked(ids, course, scope, user.id, String(form.get("due") ?? ""));
      const dueProblem = checked.find((r) => r.problem === "badDate" || r.problem === "pastDate" || r.problem === "farDate");
      if (!count && dueProblem) return json<ActionData>({ intent, error: `assign.${dueProblem.problem}` }, { status: 400 });
      if (!count) return json<ActionData>({ intent, error: "assign.nothingValid" }, { status: 400 });
      return done(count, ids.length - count, q ? `${back}&q=${encodeURIComponent(q)}` : back);
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
  const { t, i18n } = useTranslation();
  const lng = i18n.language === "en" ? "en" : "mn";
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
      <TypedDateInput id={id} name="due" defaultValue={value} describedBy={`${id}-help`} />
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
        {d.search.q ? <input type="hidden" name="q" value={d.search.q} /> : null}
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

      <section className="card mt-6" aria-labelledby="by-name">
        <h2 id="by-name" className="mb-2 text-xl font-bold">
          {t("assignPick.title")}
        </h2>
        <p className="mb-4 text-sm text-slate-700">
          {t("assignPick.help")} {d.isAdmin ? null : t("assignPick.helpScope")}
        </p>
        {/* A GET form: the results are a link one can keep, and the page works without JavaScript. */}
        <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="course" value={d.course} />
          <div className="min-w-0 flex-1 basis-56">
            <label className="field-label" htmlFor="people-q">
              {t("assignPick.search")}
            </label>
            <input id="people-q" name="q" type="search" defaultValue={d.search.q} maxLength={100} className="field-input" autoComplete="off" />
          </div>
          <button type="submit" className="btn-secondary">
            {t("assignPick.find")}
          </button>
        </Form>
        {d.search.q && d.search.people.length === 0 ? (
          <p className="mt-4" role="status">
            {t("assignPick.none", { q: d.search.q })}
          </p>
        ) : null}
        {d.search.people.length ? (
          <Form method="post" className="mt-6">
            <input type="hidden" name="intent" value="pick" />
            <input type="hidden" name="course" value={d.course} />
            <input type="hidden" name="q" value={d.search.q} />
            {enrollingIn}
            <fieldset>
              <legend className="field-label">{t("assignPick.pickLegend")}</legend>
              <p className="field-help" role="status">
                {t("assignPick.results", { q: d.search.q })} — {t("assignPick.found", { n: formatNumber(d.search.people.length, lng) })}
                {d.search.more ? ` ${t("assignPick.more", { n: formatNumber(d.search.people.length, lng) })}` : ""}
              </p>
              <ul className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200">
                {d.search.people.map((p) => {
                  const unavailable = p.enrolled || p.disabled;
                  return (
                    <li key={p.id} className={unavailable ? "bg-slate-50" : ""}>
                      <label htmlFor={`pick-${p.id}`} className="flex min-h-11 cursor-pointer items-start gap-3 px-3 py-2">
                        <input
                          id={`pick-${p.id}`}
                          type="checkbox"
                          name="userId"
                          value={p.id}
                          disabled={unavailable}
                          className="mt-1 size-5 shrink-0 accent-primary"
                        />
                        <span className="grid min-w-0 flex-1 gap-x-4 sm:grid-cols-[minmax(10rem,1fr)_minmax(12rem,1.5fr)_minmax(10rem,1fr)]">
                          <span className="font-semibold">
                            {p.name}
                            {unavailable ? (
                              <span className="ml-2 text-sm font-normal text-slate-700">
                                ({p.enrolled ? t("assignPick.already") : t("assignPick.disabled")})
                              </span>
                            ) : null}
                          </span>
                          <span className="text-sm text-slate-700">{p.place}</span>
                          <span className="break-all text-sm text-slate-700">{p.email}</span>
                        </span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
            <div className="mt-4">{due("due-pick")}</div>
            <button type="submit" className="btn-primary" disabled={busy || d.search.people.every((p) => p.enrolled || p.disabled)}>
              {t("assignPick.confirm")}
            </button>
          </Form>
        ) : null}
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
          {t("assignFile.title")}
        </h2>
        <p className="mb-2 text-sm text-slate-700">{t("assignFile.help")}</p>
        <div className="mb-4">
          <a href="/admin/enrolments/template.xlsx" download className="btn-secondary inline-flex items-center gap-2" aria-describedby="template-help">
            <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
              <path d="M10 3a1 1 0 0 1 1 1v7.59l2.3-2.3a1 1 0 1 1 1.4 1.42l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.42L9 11.6V4a1 1 0 0 1 1-1ZM4 15a1 1 0 0 1 1 1h10a1 1 0 1 1 2 0 2 2 0 0 1-2 2H5a2 2 0 0 1-2-2 1 1 0 0 1 1-1Z" />
            </svg>
            {t("assignFile.template")}
          </a>
          <p id="template-help" className="mt-1 text-sm text-slate-700">
            {t("assignFile.templateHelp")}
          </p>
        </div>
        {enrollingIn}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="csv-preview" />
          <input type="hidden" name="course" value={d.course} />
          <div className="mb-4">
            <label className="field-label" htmlFor="csv-file">
              {t("assignFile.file")}
            </label>
            <FileInput
              id="csv-file"
              name="file"
              accept=".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,text/plain"
            />
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
            {a.format === "xlsx" ? (
              <>
                <input type="hidden" name="rows" value={JSON.stringify(a.rows.map((r) => ({ line: r.line, email: r.email, due: r.due })))} />
                {a.sheet ? <p className="mb-2 text-sm text-slate-700">{t("assignFile.readSheet", { sheet: a.sheet })}</p> : null}
              </>
            ) : (
              <input type="hidden" name="csvText" value={a.csvText} />
            )}
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
                    <th scope="col" className="hidden px-2 py-1 sm:table-cell">
                      {t("assign.dueDate")}
                    </th>
                    <th scope="col" className="hidden px-2 py-1 sm:table-cell">
                      {t("assign.problem")}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {a.rows.map((r) => {
                    const due = r.dueAt ? formatDateShort(r.dueAt, lng) : r.due;
                    const verdict = (
                      <span className={`font-semibold ${r.problem ? "text-danger" : "text-success"}`}>
                        {r.problem ? t(`assign.${r.problem}`) : t("assign.ok")}
                      </span>
                    );
                    return (
                      <tr key={r.line} className={r.problem ? "bg-danger-light" : ""}>
                        <td className="px-2 py-1 align-top">{r.line}</td>
                        <td className="px-2 py-1 align-top">
                          <span className="break-words [overflow-wrap:anywhere]">{r.email}</span>
                          {/* on a phone the row reads as one cell: address, due date, verdict */}
                          <span className="block sm:hidden">
                            {due ? `${due} · ` : ""}
                            {verdict}
                          </span>
                        </td>
                        <td className="hidden px-2 py-1 align-top sm:table-cell">{due}</td>
                        <td className="hidden px-2 py-1 align-top sm:table-cell">{verdict}</td>
                      </tr>
                    );
                  })}
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
