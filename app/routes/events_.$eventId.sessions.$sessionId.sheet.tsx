// Ticking off a signed paper sheet: the sheet's rows in the same order, one "signed" box each.
// (events_ keeps this page out of any layout of the event pages: it stands on its own.)
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireUser } from "~/features/auth/guards.server";
import { recordMarks } from "~/features/events/events.server";
import { marksFromSheet, placeOf, requireManagedSession, sessionWhen, sheetRows } from "~/features/events/paper.server";
import { readForm } from "~/features/forms/read-form.server";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const { event, session } = await requireManagedSession(user, args.params.eventId ?? "", args.params.sessionId ?? "");
  const lng = await getLanguage(args.request);
  const rows = await sheetRows(event.id, session.id);
  return json(
    {
      title: await titleFor(args.request, "eventPaper.tick.title"),
      event: { id: event.id, title: lng === "en" ? event.title_en : event.title_mn, place: placeOf(event, lng), venue: event.venue },
      session: { id: session.id, when: sessionWhen(session, lng) },
      rows: rows.map((r) => ({ ...r, organisation: lng === "en" ? r.organisationEn : r.organisation })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const { event, session } = await requireManagedSession(user, args.params.eventId ?? "", args.params.sessionId ?? "");
  const form = await readForm(args.request);
  if (form.get("intent") !== "save") return json({ error: "errors.invalidChoice" }, { status: 400 });
  const rows = await sheetRows(event.id, session.id);
  const clientIds = new Map<string, string>();
  for (const r of rows) {
    const v = form.get(`cid.${r.userId}`);
    if (typeof v === "string") clientIds.set(r.userId, v);
  }
  const signed = new Set(form.getAll("signed").filter((v): v is string => typeof v === "string"));
  const marks = marksFromSheet(rows, { signed, overwrite: form.get("overwrite") === "on", clientIds }, session.id);
  const here = `/events/${event.id}/sessions/${session.id}/sheet`;
  if (!marks.length) return redirectWithFlash(here, { key: "eventPaper.tick.nothing", kind: "info" });
  const result = await recordMarks(user, session.id, marks, { source: "sheet" });
  if ("problem" in result) throw new Response(result.problem, { status: result.problem === "notFound" ? 404 : 403 });
  const count = (mark: string) => result.filter((r) => r.outcome === "applied" && r.current?.mark === mark).length;
  return redirectWithFlash(here, { key: "eventPaper.tick.saved", kind: "success", params: { present: count("present"), absent: count("absent") } });
}

export default function TickSheet() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const attended = (m: string | null) => m === "present" || m === "late";
  return (
    <>
      <nav aria-label={t("eventPaper.breadcrumb")} className="breadcrumb">
        <Link to={`/events/${d.event.id}`}>{d.event.title}</Link>
      </nav>
      <h1 className="page-title mt-2">{t("eventPaper.tick.title")}</h1>
      <p className="mt-2 text-slate-700">
        {d.event.place} · {d.event.venue} · {d.session.when}
      </p>
      <p className="mt-2 max-w-prose text-slate-700">{t("eventPaper.tick.lead")}</p>
      <p className="mt-3">
        <a href={`/events/${d.event.id}/sessions/${d.session.id}/sheet.pdf`} className="btn-secondary" download>
          {t("eventPaper.tick.download")}
        </a>
      </p>
      {d.rows.length === 0 ? (
        <p className="card mt-6">{t("eventPaper.tick.empty")}</p>
      ) : (
        <Form method="post" className="mt-6">
          <input type="hidden" name="intent" value="save" />
          <fieldset>
            <legend className="text-lg font-bold">{t("eventPaper.tick.legend", { count: d.rows.length })}</legend>
            <ol className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
              {d.rows.map((r) => (
                <li key={r.userId} className="flex items-start gap-3 px-3 py-2">
                  <input type="hidden" name={`cid.${r.userId}`} value={r.clientId} />
                  <input
                    type="checkbox"
                    id={`signed-${r.userId}`}
                    name="signed"
                    value={r.userId}
                    defaultChecked={attended(r.mark)}
                    className="mt-1 h-6 w-6 shrink-0"
                  />
                  <label htmlFor={`signed-${r.userId}`} className="min-h-11 flex-1 cursor-pointer">
                    <span className="font-semibold">
                      <span className="inline-block min-w-8 text-slate-600">{r.no}.</span>
                      {r.name}
                    </span>
                    <span className="block text-sm text-slate-700">
                      {[r.organisation, r.position].filter(Boolean).join(" · ")}
                      {r.mark ? (
                        <>
                          {" · "}
                          <span className="font-semibold">
                            {t(`events.marks.${r.mark}`)} ({t(`eventPaper.source.${r.source}`)})
                          </span>
                        </>
                      ) : null}
                    </span>
                  </label>
                </li>
              ))}
            </ol>
          </fieldset>
          <div className="mt-4 flex items-start gap-3">
            <input type="checkbox" id="overwrite" name="overwrite" aria-describedby="overwrite-help" className="mt-1 h-6 w-6 shrink-0" />
            <label htmlFor="overwrite" className="min-h-11 cursor-pointer">
              <span className="font-semibold">{t("eventPaper.tick.overwrite")}</span>
              <span id="overwrite-help" className="field-help block">
                {t("eventPaper.tick.overwriteHelp")}
              </span>
            </label>
          </div>
          <button type="submit" className="btn-primary mt-4">
            {t("eventPaper.tick.submit")}
          </button>
        </Form>
      )}
    </>
  );
}

export const meta = titleMeta;
