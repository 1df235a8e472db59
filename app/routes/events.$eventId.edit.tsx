import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { forbidden, requireRole } from "~/features/auth/guards.server";
import { EventForm } from "~/features/events/event-form";
import { canManageEvent, cancelEvent, updateEvent } from "~/features/events/events.server";
import { PLANNERS, checkEventForm, eventValues, loadEventFormOptions, withBlankRows } from "~/features/events/plan.server";
import { findEvent } from "~/features/events/repository.server";
import { eventFormValues, type EventFormValues, type FieldErrors } from "~/features/events/schemas";
import { readForm } from "~/features/forms/read-form.server";
import { getLanguage } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

/** The event, for someone who may manage it: 404 when there is none, 403 when it is not theirs. */
async function managedEvent(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const user = await requireRole(args, ...PLANNERS);
  const event = await findEvent(args.params.eventId ?? "");
  if (!event) throw new Response("Not found", { status: 404 });
  if (!(await canManageEvent(user, event))) throw forbidden();
  return { user, event };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, event } = await managedEvent(args);
  const lng = await getLanguage(args.request);
  const title = lng === "en" ? event.title_en : event.title_mn;
  return json({
    title,
    id: event.id,
    cancelled: event.status === "cancelled",
    confirmCancel: new URL(args.request.url).searchParams.has("cancel"),
    options: await loadEventFormOptions(user, lng, event.aimag_code),
    values: await eventValues(event),
  });
}

export async function action(args: ActionFunctionArgs) {
  const { user, event } = await managedEvent(args);
  const form = await readForm(args.request);
  const intent = form.get("intent");
  switch (intent) {
    case "save": {
      const values = eventFormValues(form);
      const checked = await checkEventForm(user, values, { currentAimag: event.aimag_code });
      if ("forbidden" in checked) throw forbidden();
      if ("errors" in checked) return json({ values: withBlankRows(values), errors: checked.errors }, { status: 400 });
      const result = await updateEvent(user, event.id, checked.input);
      if ("problem" in result) {
        if (result.problem === "forbidden") throw forbidden();
        if (result.problem === "notFound") throw new Response("Not found", { status: 404 });
        return json({ values: withBlankRows(values), errors: { sessions: [`events.problems.${result.problem}`] } as FieldErrors }, { status: 400 });
      }
      return redirectWithFlash(`/events/${event.id}`, {
        key: result.promoted.length ? "eventPlan.savedPromoted" : "eventPlan.saved",
        kind: "success",
        params: { count: result.promoted.length },
      });
    }
    case "cancel": {
      const outcome = await cancelEvent(user, event.id);
      if (outcome === "forbidden") throw forbidden();
      return redirectWithFlash(
        `/events/${event.id}`,
        outcome === "cancelled"
          ? { key: "eventPlan.cancelledDone", kind: "success" }
          : { key: outcome === "hasAttendance" ? "events.problems.hasAttendance" : "events.problems.cancelled", kind: "info" },
      );
    }
    default:
      return json({ values: null, errors: { "": ["errors.invalidChoice"] } as FieldErrors }, { status: 400 });
  }
}

export default function EditEvent() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { values: EventFormValues | null; errors: FieldErrors } | undefined;
  const { t } = useTranslation();
  return (
    <>
      <p className="mb-2">
        <Link to={`/events/${d.id}`}>← {d.title}</Link>
      </p>
      <h1 className="page-title">{t("eventPlan.editTitle")}</h1>
      {d.cancelled ? (
        <p className="mt-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">{t("events.problems.cancelled")}</p>
      ) : null}
      <EventForm values={a?.values ?? d.values} errors={a?.errors ?? {}} options={d.options} submitLabel={t("eventPlan.form.save")} />
      {d.cancelled ? null : (
        <section className="card mt-6" aria-labelledby="cancel-event">
          <h2 id="cancel-event" className="mb-2 text-xl font-bold">
            {t("eventPlan.cancelEvent")}
          </h2>
          <p className="mb-4 text-slate-700">{t("eventPlan.cancelLead")}</p>
          {d.confirmCancel ? (
            <Form method="post" className="rounded-md border-l-4 border-danger bg-danger-light p-4">
              <p className="mb-3 font-semibold text-danger" id="cancel-question">
                {t("eventPlan.cancelQuestion", { title: d.title })}
              </p>
              <div className="flex flex-wrap gap-3">
                <button type="submit" name="intent" value="cancel" className="btn-danger" aria-describedby="cancel-question">
                  {t("eventPlan.cancelConfirm")}
                </button>
                <Link to={`/events/${d.id}/edit`} className="btn-secondary">
                  {t("eventPlan.cancelKeep")}
                </Link>
              </div>
            </Form>
          ) : (
            <Link to={`/events/${d.id}/edit?cancel=1#cancel-event`} className="btn-danger">
              {t("eventPlan.cancelEvent")}
            </Link>
          )}
        </section>
      )}
    </>
  );
}

export const meta = titleMeta;
