// Credit withdrawn after a certificate was issued (an attendance correction): an administrator keeps
// the certificate or revokes it. Coordinators see their aimag's reviews without the actions.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { hasRole, readableAimags, requireRole } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import { resolveCreditReview } from "~/features/events/events.server";
import { listCreditReviewItems } from "~/features/events/repository.server";
import { readForm } from "~/features/forms/read-form.server";
import type { Language } from "~/i18n/config";
import { formatDateShort, formatDateTime, fullName } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

const ResolveSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("keep"), id: z.string().min(1).max(60), reason: z.string().trim().max(500, "errors.tooLong").optional().default("") }),
  z.object({
    intent: z.literal("revoke"),
    id: z.string().min(1).max(60),
    reason: z.string({ error: "errors.required" }).trim().min(3, "errors.required").max(500, "errors.tooLong"),
  }),
]);

function item(r: Awaited<ReturnType<typeof listCreditReviewItems>>[number], lng: Language) {
  const course = getCatalogue().courses.find((c) => c.slug === r.course_slug);
  return {
    id: r.id,
    learner: fullName(r),
    course: course?.meta.title[lng] ?? r.course_slug,
    event: (lng === "en" ? r.event_title_en : r.event_title_mn) ?? "—",
    eventId: r.event_id,
    eventDate: r.event_starts_at ? formatDateShort(r.event_starts_at, lng) : "",
    serial: r.serial,
    certificateRevoked: Boolean(r.revoked_at),
    when: formatDateTime(r.created_at, lng),
    by: r.by_surname !== null && r.by_given_name !== null ? fullName({ surname: r.by_surname, given_name: r.by_given_name }) : "—",
    resolvedAt: r.resolved_at ? formatDateTime(r.resolved_at, lng) : null,
    resolution: r.resolution,
    resolver:
      r.resolver_surname !== null && r.resolver_given_name !== null ? fullName({ surname: r.resolver_surname, given_name: r.resolver_given_name }) : "—",
  };
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const aimags = readableAimags(user);
  const [open, resolved] = await Promise.all([listCreditReviewItems({ open: true, aimags }), listCreditReviewItems({ open: false, aimags, limit: 20 })]);
  return json({
    title: await titleFor(args.request, "eventPaper.reviews.title"),
    canDecide: hasRole(user, "admin"),
    open: open.map((r) => item(r, lng)),
    resolved: resolved.map((r) => item(r, lng)),
  });
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireRole(args, "admin");
  const form = Object.fromEntries(await readForm(args.request));
  const parsed = ResolveSchema.safeParse(form);
  if (!parsed.success)
    return json(
      { id: String(form.id ?? "").slice(0, 60), errors: parsed.error.issues.map((i) => i.message), values: { reason: String(form.reason ?? "") } },
      { status: 400 },
    );
  const { intent, id, reason } = parsed.data;
  const result = await resolveCreditReview(admin.id, id, intent === "keep" ? "kept" : "revoked", reason);
  if ("problem" in result) {
    if (result.problem === "notFound") throw new Response("Not found", { status: 404 });
    return json({ id, errors: [`eventPaper.reviews.${result.problem}`], values: { reason } }, { status: 409 });
  }
  return redirectWithFlash("/admin/credit-reviews", { key: intent === "keep" ? "eventPaper.reviews.kept" : "eventPaper.reviews.revoked", kind: "success" });
}

export default function CreditReviews() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1 className="page-title">{t("eventPaper.reviews.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{d.canDecide ? t("eventPaper.reviews.lead") : t("eventPaper.reviews.leadReadOnly")}</p>
      <h2 className="mt-6 text-xl font-bold">{t("eventPaper.reviews.openHeading", { count: d.open.length })}</h2>
      {d.open.length === 0 ? (
        <p className="card mt-3">{t("eventPaper.reviews.none")}</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {d.open.map((r) => {
            const mine = a?.id === r.id;
            const errors = mine ? (a.errors as string[]).map((e) => t(e)).join(" ") : "";
            return (
              <li key={r.id} className="card">
                <p className="text-lg font-semibold">{r.learner}</p>
                <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                  <dt className="text-slate-600">{t("eventPaper.reviews.course")}</dt>
                  <dd>{r.course}</dd>
                  <dt className="text-slate-600">{t("eventPaper.reviews.event")}</dt>
                  <dd>
                    {r.eventId ? <a href={`/events/${r.eventId}`}>{r.event}</a> : r.event} {r.eventDate ? `(${r.eventDate})` : null}
                  </dd>
                  <dt className="text-slate-600">{t("eventPaper.reviews.certificate")}</dt>
                  <dd className="font-mono">
                    {r.serial ?? "—"}
                    {r.certificateRevoked ? <span className="ml-2 font-sans font-semibold text-danger">{t("certificates.state_revoked")}</span> : null}
                  </dd>
                  <dt className="text-slate-600">{t("eventPaper.reviews.flagged")}</dt>
                  <dd>
                    {r.when} · {r.by}
                  </dd>
                </dl>
                {d.canDecide ? (
                  <Form method="post" className="mt-3">
                    <input type="hidden" name="id" value={r.id} />
                    <label className="field-label" htmlFor={`reason-${r.id}`}>
                      {t("eventPaper.reviews.reason")}
                    </label>
                    <span className="field-help" id={`reason-help-${r.id}`}>
                      {t("eventPaper.reviews.reasonHelp")}
                    </span>
                    <input
                      id={`reason-${r.id}`}
                      name="reason"
                      maxLength={500}
                      aria-describedby={`reason-help-${r.id}${mine ? ` reason-error-${r.id}` : ""}`}
                      aria-invalid={mine ? true : undefined}
                      defaultValue={mine ? String(a.values.reason ?? "") : ""}
                      className="field-input"
                    />
                    {mine ? (
                      <span id={`reason-error-${r.id}`} className="field-error" role="alert">
                        {errors}
                      </span>
                    ) : null}
                    <div className="mt-3 flex flex-wrap gap-3">
                      <button type="submit" name="intent" value="keep" className="btn-secondary">
                        {t("eventPaper.reviews.keep")}
                      </button>
                      <button type="submit" name="intent" value="revoke" className="btn-danger">
                        {t("eventPaper.reviews.revoke")}
                      </button>
                    </div>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {d.resolved.length ? (
        <section aria-labelledby="resolved" className="mt-8">
          <h2 id="resolved" className="text-xl font-bold">
            {t("eventPaper.reviews.resolvedHeading")}
          </h2>
          <ul className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {d.resolved.map((r) => (
              <li key={r.id} className="px-3 py-2 text-sm">
                <span className="font-semibold">{r.learner}</span> · {r.course} · <span className="font-mono">{r.serial ?? "—"}</span>
                <span className="block text-slate-700">
                  {t(`eventPaper.reviews.resolution.${r.resolution ?? "kept"}`)} · {r.resolvedAt} · {r.resolver}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export const meta = titleMeta;
