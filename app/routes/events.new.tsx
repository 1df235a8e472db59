import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { forbidden, readableAimags, requireRole } from "~/features/auth/guards.server";
import { EventForm } from "~/features/events/event-form";
import { createEvent } from "~/features/events/events.server";
import { PLANNERS, checkEventForm, emptyEventValues, loadEventFormOptions, withBlankRows } from "~/features/events/plan.server";
import { eventFormValues, type EventFormValues, type FieldErrors } from "~/features/events/schemas";
import { readForm } from "~/features/forms/read-form.server";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, ...PLANNERS);
  const lng = await getLanguage(args.request);
  const scope = readableAimags(user);
  const options = await loadEventFormOptions(user, lng);
  return json({
    title: await titleFor(args.request, "eventPlan.newTitle"),
    options,
    values: emptyEventValues(scope !== "all" && scope.length === 1 ? scope[0] : ""),
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, ...PLANNERS);
  const form = await readForm(args.request);
  if (form.get("intent") !== "save") return json({ values: null, errors: { "": ["errors.invalidChoice"] } as FieldErrors }, { status: 400 });
  const values = eventFormValues(form);
  const checked = await checkEventForm(user, values);
  if ("forbidden" in checked) throw forbidden();
  if ("errors" in checked) return json({ values: withBlankRows(values), errors: checked.errors }, { status: 400 });
  const result = await createEvent(user, checked.input);
  if ("problem" in result) {
    if (result.problem === "forbidden") throw forbidden();
    return json({ values: withBlankRows(values), errors: { sessions: [`events.problems.${result.problem}`] } as FieldErrors }, { status: 400 });
  }
  return redirectWithFlash(`/events/${result.id}`, { key: "eventPlan.created", kind: "success" });
}

export default function NewEvent() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { values: EventFormValues | null; errors: FieldErrors } | undefined;
  const { t } = useTranslation();
  return (
    <>
      <p className="mb-2">
        <Link to="/events">← {t("events.title")}</Link>
      </p>
      <h1 className="page-title">{t("eventPlan.newTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("eventPlan.newLead")}</p>
      <EventForm values={a?.values ?? d.values} errors={a?.errors ?? {}} options={d.options} submitLabel={t("eventPlan.form.create")} />
    </>
  );
}

export const meta = titleMeta;
