import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PeopleFilterFields } from "~/features/enrolment/people-filter-fields";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { forbidden, readableAimags, requireRole } from "~/features/auth/guards.server";
import { decodeCsv, parseAssignmentCsv } from "~/features/enrolment/assign.server";
import { findUsersForAssignment } from "~/features/enrolment/repository.server";
import { canManageEvent, canRegisterPeopleOf, cancelRegistration } from "~/features/events/events.server";
import { type PeopleReport, registerByEmail, registerUsers } from "~/features/events/people.server";
import { PLANNERS } from "~/features/events/plan.server";
import * as repo from "~/features/events/repository.server";
import { readForm } from "~/features/forms/read-form.server";
import { listAimags, listOrganisations, listSums } from "~/features/geo/repository.server";
import { fullName } from "~/i18n/format";
import { getLanguage } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { ROLES, type Role } from "../../db/schema";
import { FileInput } from "~/components/form";

const MAX_CSV_BYTES = 1_000_000;

/**
 * Who may open the page: those who manage the event see everyone on its lists; a coordinator of
 * another aimag sees (and registers) the people of their own aimag. Others: 403; no event: 404.
 */
async function access(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireRole(args, ...PLANNERS);
  const event = await repo.findEvent(args.params.eventId ?? "");
  if (!event) throw new Response("Not found", { status: 404 });
  const manage = await canManageEvent(user, event);
  const scope = readableAimags(user);
  const registrar = scope === "all" || scope.length > 0;
  if (!manage && !registrar) throw forbidden();
  const sees = (aimag: string) => manage || canRegisterPeopleOf(user, aimag);
  return { user, event, manage, scope, registrar, sees };
}

export async function loader(args: LoaderFunctionArgs) {
  const { event, scope, registrar, sees } = await access(args);
  const lng = await getLanguage(args.request);
  const pick = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  const inScope = (code: string | null) => code !== null && (scope === "all" || scope.includes(code));
  const rows = (await repo.listRegistrations(event.id)).filter((r) => sees(r.aimag_code));
  const waiting = rows.filter((r) => r.status === "waiting").sort((a, b) => a.queue_no - b.queue_no);
  const person = (r: (typeof rows)[number]) => ({
    userId: r.user_id,
    name: fullName(r),
    email: r.email,
    place: [lng === "en" ? r.sum_en : r.sum_mn, lng === "en" ? r.organisation_en : r.organisation_mn].join(", "),
    walkIn: Boolean(r.walk_in),
  });
  const [aimags, sums, orgs] = registrar ? await Promise.all([listAimags(), listSums(), listOrganisations()]) : [[], [], []];
  return json({
    title: lng === "en" ? event.title_en : event.title_mn,
    id: event.id,
    cancelled: event.status === "cancelled",
    capacity: event.capacity,
    registered: rows.filter((r) => r.status === "registered").map(person),
    waiting: waiting.map((r, i) => ({ ...person(r), position: i + 1 })),
    registrar,
    isAdmin: scope === "all",
    aimags: aimags.filter((a) => inScope(a.code)).map((a) => ({ code: a.code, name: pick(a) })),
    sums: sums.filter((s) => inScope(s.aimag_code)).map((s) => ({ id: s.id, aimag: s.aimag_code, name: pick(s) })),
    organisations: orgs.filter((o) => o.aimag_code === null || inScope(o.aimag_code)).map((o) => ({ id: o.id, name: pick(o) })),
  });
}

type ActionData =
  | { intent: string; error: string; line?: number }
  | { intent: string; report: PeopleReport }
  | { intent: "filter-preview"; count: number; sample: string[]; filter: Record<string, string> };

export async function action(args: ActionFunctionArgs) {
  const { user, event, scope, registrar, sees } = await access(args);
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  const back = `/events/${event.id}/people`;
  if (intent === "cancel") {
    const userId = String(form.get("userId") ?? "");
    const reg = userId ? await repo.findRegistration(event.id, userId) : undefined;
    const person = reg ? (await repo.listRegistrations(event.id)).find((r) => r.user_id === userId) : undefined;
    if (!person || !sees(person.aimag_code)) return json<ActionData>({ intent, error: "eventPlan.people.notOnList" }, { status: 400 });
    await cancelRegistration(userId, event.id, { by: user.id });
    return redirectWithFlash(back, { key: "eventPlan.people.cancelled", kind: "success", params: { name: fullName(person).slice(0, 200) } });
  }
  // registering others is for coordinators and administrators, not for the event's trainers
  if (!registrar) throw forbidden();
  switch (intent) {
    case "email": {
      const email = String(form.get("email") ?? "");
      if (!email.trim()) return json<ActionData>({ intent, error: "errors.required" }, { status: 400 });
      return json<ActionData>({ intent, report: await registerByEmail(user, event.id, [{ line: 1, email }]) });
    }
    case "csv": {
      const file = form.get("file");
      const decoded = file instanceof File && file.size > 0 ? decodeCsv(new Uint8Array(await file.arrayBuffer())) : String(form.get("csvText") ?? "");
      if (typeof decoded !== "string") return json<ActionData>({ intent, error: `assign.${decoded.problem}` }, { status: 400 });
      if (decoded.length > MAX_CSV_BYTES) return json<ActionData>({ intent, error: "assign.tooLarge" }, { status: 413 });
      const parsed = parseAssignmentCsv(decoded);
      if (!Array.isArray(parsed)) return json<ActionData>({ intent, error: `assign.${parsed.problem}`, line: parsed.line }, { status: 400 });
      // the due-date column of an assignment file means nothing here and is ignored
      return json<ActionData>({ intent, report: await registerByEmail(user, event.id, parsed) });
    }
    case "filter-preview":
    case "filter": {
      const aimagCode = String(form.get("aimag") ?? "") || undefined;
      if (aimagCode && scope !== "all" && !scope.includes(aimagCode)) throw forbidden();
      const roleValue = String(form.get("role") ?? "");
      const users = await findUsersForAssignment({
        aimags: scope,
        aimagCode,
        sumId: String(form.get("sum") ?? "") || undefined,
        organisationId: String(form.get("organisation") ?? "") || undefined,
        role: (ROLES as readonly string[]).includes(roleValue) ? (roleValue as Role) : undefined,
      });
      if (intent === "filter-preview")
        return json<ActionData>({
          intent,
          count: users.length,
          sample: users.slice(0, 20).map((u) => `${u.surname} ${u.given_name} <${u.email}>`),
          filter: Object.fromEntries([...form].filter(([k]) => ["aimag", "sum", "organisation", "role"].includes(k)).map(([k, v]) => [k, String(v)])),
        });
      if (!users.length) return json<ActionData>({ intent, error: "assign.emptyFilter" }, { status: 400 });
      return json<ActionData>({ intent, report: await registerUsers(user, event.id, users) });
    }
    default:
      return json<ActionData>({ intent, error: "errors.invalidChoice" }, { status: 400 });
  }
}

function Report({ report }: { report: PeopleReport }) {
  const { t } = useTranslation();
  const problems = report.rows.filter((r) => r.outcome !== "registered" && r.outcome !== "waiting");
  return (
    <div role="status" className="mt-4 rounded-md bg-primary-light p-3">
      <p className="font-semibold">{t("eventPlan.people.counts", report.counts)}</p>
      {problems.length ? (
        <ul className="mt-2 text-sm">
          {problems.map((r) => (
            <li key={`${r.line}-${r.email}`}>
              {t("eventPlan.people.rowN", { n: r.line })}: <span className="break-all">{r.email}</span> —{" "}
              {t(`eventPlan.people.outcome.${r.outcome}`, { position: r.position })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default function People() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const error = a && "error" in a ? a : null;
  const kept: Partial<Record<string, string>> = a && "filter" in a ? a.filter : {};
  const reportFor = (intent: string) => (a && "report" in a && a.intent === intent ? <Report report={a.report} /> : null);
  const cancelButton = (userId: string, name: string) => (
    <Form method="post">
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" name="intent" value="cancel" className="btn-secondary min-h-11 text-sm" aria-label={t("eventPlan.people.cancelFor", { name })}>
        {t("eventPlan.people.cancel")}
      </button>
    </Form>
  );
  return (
    <>
      <p className="mb-2">
        <Link to={`/events/${d.id}`}>← {d.title}</Link>
      </p>
      <h1 className="page-title">{t("eventPlan.people.title")}</h1>
      <p className="mt-2 text-slate-700">{d.title}</p>
      {d.cancelled ? <p className="mt-4 font-semibold text-danger">{t("events.problems.cancelled")}</p> : null}
      {error ? (
        <p role="alert" className="mt-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
          {t(error.error, { line: error.line ?? "?" })}
        </p>
      ) : null}

      <section className="card mt-6" aria-labelledby="registered">
        <h2 id="registered" className="mb-2 text-xl font-bold">
          {t("events.registration.registered")} ({d.registered.length} / {d.capacity})
        </h2>
        {d.registered.length ? (
          <ul className="divide-y divide-slate-200">
            {d.registered.map((p) => (
              <li key={p.userId} className="flex flex-wrap items-center justify-between gap-3 py-2">
                <span>
                  <span className="font-semibold">{p.name}</span>
                  {p.walkIn ? (
                    <span className="ml-2 rounded-full bg-warning-light px-2 text-sm font-semibold text-warning">{t("eventPlan.people.walkIn")}</span>
                  ) : null}
                  <span className="block text-sm break-all text-slate-700">{p.email}</span>
                  <span className="block text-sm text-slate-700">{p.place}</span>
                </span>
                {cancelButton(p.userId, p.name)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-700">{t("eventPlan.people.none")}</p>
        )}
      </section>

      <section className="card mt-6" aria-labelledby="waiting">
        <h2 id="waiting" className="mb-2 text-xl font-bold">
          {t("events.registration.waiting")} ({d.waiting.length})
        </h2>
        {d.waiting.length ? (
          <ol className="divide-y divide-slate-200">
            {d.waiting.map((p) => (
              <li key={p.userId} className="flex flex-wrap items-center justify-between gap-3 py-2">
                <span>
                  <span className="font-semibold">
                    {p.position}. {p.name}
                  </span>
                  <span className="block text-sm break-all text-slate-700">{p.email}</span>
                  <span className="block text-sm text-slate-700">{p.place}</span>
                </span>
                {cancelButton(p.userId, p.name)}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-slate-700">{t("eventPlan.people.none")}</p>
        )}
      </section>

      {d.registrar && !d.cancelled ? (
        <>
          <section className="card mt-6" aria-labelledby="by-email">
            <h2 id="by-email" className="mb-2 text-xl font-bold">
              {t("eventPlan.people.byEmail")}
            </h2>
            <Form method="post">
              <label className="field-label" htmlFor="person-email">
                {t("fields.email")}
              </label>
              <input id="person-email" name="email" type="email" required autoComplete="off" className="field-input" />
              <button type="submit" name="intent" value="email" className="btn-primary mt-4">
                {t("eventPlan.people.register")}
              </button>
            </Form>
            {reportFor("email")}
          </section>

          <section className="card mt-6" aria-labelledby="by-filter">
            <h2 id="by-filter" className="mb-2 text-xl font-bold">
              {t("eventPlan.people.byFilter")}
            </h2>
            <Form method="post">
              <PeopleFilterFields choices={d} kept={kept} />
              {a && "count" in a ? (
                <div className="mt-4 rounded-md bg-primary-light p-3" role="status">
                  <p className="font-semibold">{t("assign.matches", { count: a.count })}</p>
                  <ul className="mt-2 text-sm break-all">
                    {a.sample.map((s) => (
                      <li key={s}>{s}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <div className="mt-4 flex flex-wrap gap-3">
                <button type="submit" name="intent" value="filter-preview" className="btn-secondary">
                  {t("assign.preview")}
                </button>
                <button type="submit" name="intent" value="filter" className="btn-primary">
                  {t("eventPlan.people.registerAll")}
                </button>
              </div>
            </Form>
            {reportFor("filter")}
          </section>

          <section className="card mt-6" aria-labelledby="by-csv">
            <h2 id="by-csv" className="mb-2 text-xl font-bold">
              {t("eventPlan.people.byCsv")}
            </h2>
            <p className="mb-4 text-sm text-slate-700">{t("eventPlan.people.csvHelp")}</p>
            <Form method="post" encType="multipart/form-data">
              <div className="mb-4">
                <label className="field-label" htmlFor="csv-file">
                  {t("assign.csvFile")}
                </label>
                <FileInput id="csv-file" name="file" accept=".csv,text/csv,text/plain" />
              </div>
              <div className="mb-4">
                <label className="field-label" htmlFor="csv-text">
                  {t("assign.csvText")}
                </label>
                <textarea id="csv-text" name="csvText" rows={4} className="field-input font-mono text-sm" />
              </div>
              <button type="submit" name="intent" value="csv" className="btn-primary">
                {t("eventPlan.people.register")}
              </button>
            </Form>
            {reportFor("csv")}
          </section>
        </>
      ) : null}
    </>
  );
}

export const meta = titleMeta;
