// What a trainer's phone opens from one person's QR code on the paper sheet: who it is, and one
// button that marks them present. Only for those who may take the event's roll.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireUser } from "~/features/auth/guards.server";
import { recordMarks } from "~/features/events/events.server";
import { requireManagedSession, sessionWhen, tickPath } from "~/features/events/paper.server";
import { findRegistrationBySheetCode, listRegistrations, listSessionMarks } from "~/features/events/repository.server";
import { readForm } from "~/features/forms/read-form.server";
import { fullName } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

const CLIENT_ID = /^tick:[0-9a-f-]{36}$/;

async function person(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireUser(args);
  const managed = await requireManagedSession(user, args.params.eventId ?? "", args.params.sessionId ?? "");
  const code = (args.params.code ?? "").slice(0, 20).toUpperCase();
  const registration = await findRegistrationBySheetCode(managed.event.id, code);
  if (!registration) throw new Response("Not found", { status: 404 });
  return { user, ...managed, registration };
}

export async function loader(args: LoaderFunctionArgs) {
  const { event, session, registration } = await person(args);
  const lng = await getLanguage(args.request);
  const [people, marks] = await Promise.all([listRegistrations(event.id, { includeCancelled: true }), listSessionMarks(session.id)]);
  const who = people.find((p) => p.id === registration.id)!;
  const mark = marks.find((m) => m.user_id === registration.user_id);
  return json(
    {
      title: await titleFor(args.request, "eventPaper.qr.title"),
      event: { id: event.id, title: lng === "en" ? event.title_en : event.title_mn },
      session: { id: session.id, when: sessionWhen(session, lng) },
      person: {
        name: fullName(who),
        organisation: lng === "en" ? who.organisation_en : who.organisation_mn,
        position: who.position,
        status: registration.status,
      },
      mark: mark ? mark.mark : null,
      clientId: `tick:${crypto.randomUUID()}`,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { user, event, session, registration } = await person(args);
  const form = await readForm(args.request);
  if (form.get("intent") !== "present") return json({ error: "errors.invalidChoice" }, { status: 400 });
  const sent = String(form.get("clientId") ?? "");
  const clientId = CLIENT_ID.test(sent) ? `${sent}:${session.id}:${registration.user_id}` : `tick:${crypto.randomUUID()}:${session.id}:${registration.user_id}`;
  const result = await recordMarks(user, session.id, [{ userId: registration.user_id, mark: "present", clientId }], { source: "sheet" });
  if ("problem" in result) throw new Response(result.problem, { status: result.problem === "notFound" ? 404 : 403 });
  return redirectWithFlash(tickPath(event.id, session.id, registration.sheet_code), { key: "eventPaper.qr.marked", kind: "success" });
}

export default function TickOne() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const attended = d.mark === "present" || d.mark === "late";
  return (
    <>
      <nav aria-label={t("eventPaper.breadcrumb")} className="breadcrumb">
        <Link to={`/events/${d.event.id}/sessions/${d.session.id}/sheet`}>{t("eventPaper.tick.title")}</Link>
      </nav>
      <h1 className="page-title mt-2">{d.person.name}</h1>
      <p className="mt-1 text-slate-700">{[d.person.organisation, d.person.position].filter(Boolean).join(" · ")}</p>
      <div className="card mt-4">
        <p className="font-semibold">{d.event.title}</p>
        <p className="text-slate-700">{d.session.when}</p>
        <p className="mt-2">
          {t("eventPaper.qr.current")}: <span className="font-semibold">{d.mark ? t(`events.marks.${d.mark}`) : t("eventPaper.qr.unmarked")}</span>
        </p>
        {d.person.status !== "registered" ? <p className="mt-1 text-sm text-slate-700">{t(`events.registration.${d.person.status}`)}</p> : null}
      </div>
      {attended ? (
        <p className="mt-4 font-semibold text-success">{t("eventPaper.qr.already")}</p>
      ) : (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="present" />
          <input type="hidden" name="clientId" value={d.clientId} />
          <button type="submit" className="btn-primary w-full sm:w-auto">
            {t("eventPaper.qr.confirm")}
          </button>
        </Form>
      )}
    </>
  );
}

export const meta = titleMeta;
