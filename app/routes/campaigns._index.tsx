import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, TypedDateInput } from "~/components/form";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { getUser, requireRole } from "~/features/auth/guards.server";
import { canCreateCampaign, createCampaign } from "~/features/events/events.server";
import { listCampaigns } from "~/features/events/repository.server";
import { CampaignSchema, type FieldErrors, issuesByField } from "~/features/events/schemas";
import { readForm } from "~/features/forms/read-form.server";
import { formatDateLong } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const lng = await getLanguage(args.request);
  const campaigns = await listCampaigns();
  // a campaign's days are calendar days: noon UTC is the same day in Ulaanbaatar
  const day = (d: string) => formatDateLong(`${d}T12:00:00Z`, lng);
  return json({
    title: await titleFor(args.request, "events.campaigns"),
    canCreate: Boolean(user && canCreateCampaign(user)),
    campaigns: campaigns.map((c) => ({ id: c.id, title: lng === "en" ? c.title_en : c.title_mn, dates: `${day(c.starts_on)} – ${day(c.ends_on)}` })),
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const form = await readForm(args.request);
  const values = Object.fromEntries(["titleMn", "titleEn", "startsOn", "endsOn"].map((k) => [k, typeof form.get(k) === "string" ? String(form.get(k)) : ""]));
  if (form.get("intent") !== "create") return json({ values, errors: { "": ["errors.invalidChoice"] } as FieldErrors }, { status: 400 });
  const parsed = CampaignSchema.safeParse(values);
  if (!parsed.success) return json({ values, errors: issuesByField(parsed.error.issues) }, { status: 400 });
  const result = await createCampaign(user, parsed.data);
  if ("problem" in result) return json({ values, errors: { "": [`events.problems.${result.problem}`] } as FieldErrors }, { status: 403 });
  return redirectWithFlash(`/campaigns/${result.id}`, { key: "eventPlan.campaign.created", kind: "success" });
}

export default function Campaigns() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors: FieldErrors = a?.errors ?? {};
  const field = (name: "titleMn" | "titleEn" | "startsOn" | "endsOn", label: string, type: "text" | "date") => (
    <div className="mb-5">
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      {type === "date" ? (
        <TypedDateInput
          id={name}
          name={name}
          required
          defaultValue={a?.values[name] ?? ""}
          invalid={Boolean(errors[name]?.length)}
          describedBy={errors[name]?.length ? `${name}-error` : undefined}
        />
      ) : (
        <input
          id={name}
          name={name}
          type={type}
          required
          maxLength={300}
          defaultValue={a?.values[name] ?? ""}
          aria-invalid={errors[name]?.length ? true : undefined}
          aria-describedby={errors[name]?.length ? `${name}-error` : undefined}
          className="field-input"
        />
      )}
      {errors[name]?.length ? (
        <span id={`${name}-error`}>
          <FieldError errors={errors[name]} />
        </span>
      ) : null}
    </div>
  );
  return (
    <>
      <p className="mb-2">
        <Link to="/events">← {t("events.title")}</Link>
      </p>
      <h1 className="page-title">{t("events.campaigns")}</h1>
      <p className="mt-2 text-slate-700">{t("eventPlan.campaign.lead")}</p>
      {d.campaigns.length ? (
        <ul className="mt-6 grid gap-4 md:grid-cols-2">
          {d.campaigns.map((c) => (
            <li key={c.id} className="card">
              <h2 className="text-lg font-bold">
                <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
              </h2>
              <p className="mt-1 text-slate-700">{c.dates}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="card mt-6">{t("eventPlan.campaign.none")}</p>
      )}
      {d.canCreate ? (
        <section className="card mt-6" aria-labelledby="new-campaign">
          <h2 id="new-campaign" className="mb-4 text-xl font-bold">
            {t("eventPlan.campaign.new")}
          </h2>
          {errors[""]?.length ? (
            <p role="alert" className="mb-4 font-semibold text-danger">
              {errors[""].map((e) => t(e)).join(" ")}
            </p>
          ) : null}
          <Form method="post" noValidate>
            {field("titleMn", t("eventPlan.form.titleMn"), "text")}
            {field("titleEn", t("eventPlan.form.titleEn"), "text")}
            <div className="grid gap-x-6 sm:grid-cols-2">
              {field("startsOn", t("eventPlan.campaign.startsOn"), "date")}
              {field("endsOn", t("eventPlan.campaign.endsOn"), "date")}
            </div>
            <button type="submit" name="intent" value="create" className="btn-primary">
              {t("eventPlan.campaign.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta = titleMeta;
