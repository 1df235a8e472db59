import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireRole } from "~/features/auth/guards.server";
import { certificateState, findCertificate, revokeCertificate, searchCertificates } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { issueOfflineCertificate } from "~/features/enrolment/completion.server";
import { readForm } from "~/features/forms/read-form.server";
import { findUserByEmail } from "~/features/users/repository.server";
import { email } from "~/features/users/schemas";
import { formatDateShort } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

const reason = z.string({ error: "errors.required" }).trim().min(3, "errors.required").max(500, "errors.tooLong");
const RevokeSchema = z.object({ id: z.string().min(1).max(60), reason });
const OfflineSchema = z.object({ email, course: z.string().min(1).max(100), reason });

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "admin");
  const lng = await getLanguage(args.request);
  const q = (new URL(args.request.url).searchParams.get("q") ?? "").slice(0, 100);
  const rows = await searchCertificates(q);
  return json({
    title: await titleFor(args.request, "adminCertificates.title"),
    q,
    courses: getCatalogue().courses.map((c) => ({ slug: c.slug, title: c.meta.title[lng] })),
    certificates: rows.map((c) => ({
      id: c.id,
      code: c.code,
      serial: c.serial,
      name: c.learner_name,
      email: c.email,
      course: lng === "en" ? c.course_title_en : c.course_title_mn,
      issued: formatDateShort(c.issued_at, lng),
      state: certificateState(c),
      offline: Boolean(c.offline_reason),
    })),
  });
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireRole(args, "admin");
  const form = Object.fromEntries(await readForm(args.request));
  if (form.intent === "revoke") {
    const parsed = RevokeSchema.safeParse(form);
    if (!parsed.success)
      return json({ intent: "revoke", id: String(form.id ?? ""), errors: parsed.error.issues.map((i) => i.message), values: form }, { status: 400 });
    if (!(await findCertificate(parsed.data.id))) throw new Response("Not found", { status: 404 });
    await revokeCertificate(parsed.data.id, parsed.data.reason, admin.id);
    return redirectWithFlash("/admin/certificates", { key: "adminCertificates.revoked", kind: "success" });
  }
  if (form.intent === "offline") {
    const parsed = OfflineSchema.safeParse(form);
    if (!parsed.success) return json({ intent: "offline", id: "", errors: parsed.error.issues.map((i) => i.message), values: form }, { status: 400 });
    const course = getCatalogue().courses.find((c) => c.slug === parsed.data.course);
    if (!course) return json({ intent: "offline", id: "", errors: ["errors.invalidChoice"], values: form }, { status: 400 });
    const user = await findUserByEmail(parsed.data.email);
    if (!user) return json({ intent: "offline", id: "", errors: ["adminCertificates.unknownUser"], values: form }, { status: 400 });
    const result = await issueOfflineCertificate(admin.id, user.id, course, parsed.data.reason);
    if ("problem" in result) return json({ intent: "offline", id: "", errors: [`adminCertificates.${result.problem}`], values: form }, { status: 409 });
    return redirectWithFlash(`/admin/certificates?q=${encodeURIComponent(result.certificate.serial)}`, { key: "adminCertificates.issued", kind: "success" });
  }
  return json({ intent: "", id: "", errors: ["errors.invalidChoice"], values: form }, { status: 400 });
}

export default function AdminCertificates() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const { t } = useTranslation();
  const values = (a?.values ?? {}) as Record<string, string>;
  return (
    <>
      <h1 className="page-title">{t("adminCertificates.title")}</h1>
      <Form method="get" role="search" className="mt-4 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="q" className="field-label">
            {t("adminCertificates.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={d.q} className="field-input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("form.search")}
        </button>
      </Form>
      {d.certificates.length === 0 ? (
        <p className="card mt-6">{t("adminCertificates.none")}</p>
      ) : (
        <ul className="mt-6 space-y-3">
          {d.certificates.map((c) => (
            <li key={c.id} className="card">
              <p className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  <span className="font-mono font-semibold">{c.serial}</span> · {c.name} · <span className="break-all">{c.email}</span>
                </span>
                <span className="text-sm font-semibold">{t(`certificates.state_${c.state}`)}</span>
              </p>
              <p className="text-sm text-slate-700">
                {c.course} · {c.issued}
              </p>
              <p className="mt-2 flex flex-wrap gap-4 text-sm">
                <Link to={`/verify/${c.code}`}>{t("certificates.verifyLink")}</Link>
                <a href={`/certificates/${c.id}/pdf`}>{t("certificates.download")}</a>
              </p>
              {c.state !== "revoked" ? (
                <details className="mt-2" open={a?.intent === "revoke" && a.id === c.id}>
                  <summary className="min-h-11 cursor-pointer font-semibold text-danger">{t("adminCertificates.revoke")}</summary>
                  <Form method="post" className="mt-2">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={c.id} />
                    <label className="field-label" htmlFor={`reason-${c.id}`}>
                      {t("adminCertificates.reason")}
                    </label>
                    <span className="field-help" id={`reason-help-${c.id}`}>
                      {t("adminCertificates.reasonHelp")}
                    </span>
                    <input
                      id={`reason-${c.id}`}
                      name="reason"
                      required
                      aria-describedby={`reason-help-${c.id}`}
                      defaultValue={a?.intent === "revoke" && a.id === c.id ? values.reason : ""}
                      className="field-input"
                    />
                    {a?.intent === "revoke" && a.id === c.id ? <span className="field-error">{(a.errors as string[]).map((e) => t(e)).join(" ")}</span> : null}
                    <button type="submit" className="btn-danger mt-3">
                      {t("adminCertificates.revoke")}
                    </button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <section className="card mt-8" aria-labelledby="offline">
        <h2 id="offline" className="text-xl font-bold">
          {t("adminCertificates.issueOffline")}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{t("adminCertificates.issueOfflineLead")}</p>
        {a?.intent === "offline" ? (
          <p role="alert" className="mt-3 font-semibold text-danger">
            {(a.errors as string[]).map((e) => t(e)).join(" ")}
          </p>
        ) : null}
        <Form method="post" className="mt-4" key={d.q}>
          <input type="hidden" name="intent" value="offline" />
          <label className="field-label" htmlFor="off-email">
            {t("adminCertificates.learnerEmail")}
          </label>
          <input id="off-email" name="email" type="email" required defaultValue={a?.intent === "offline" ? values.email : ""} className="field-input" />
          <label className="field-label mt-3" htmlFor="off-course">
            {t("assign.course")}
          </label>
          <select id="off-course" name="course" defaultValue={a?.intent === "offline" ? values.course : undefined} className="field-input">
            {d.courses.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.title}
              </option>
            ))}
          </select>
          <label className="field-label mt-3" htmlFor="off-reason">
            {t("adminCertificates.reason")}
          </label>
          <input id="off-reason" name="reason" required defaultValue={a?.intent === "offline" ? values.reason : ""} className="field-input" />
          <button type="submit" className="btn-primary mt-4">
            {t("adminCertificates.issue")}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta = titleMeta;
