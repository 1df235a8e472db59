// The audit log for administrators: who issued, revoked or renewed a certificate, changed roles,
// assigned learners, exported personal data or created a password reset link — newest first, each
// entry as a sentence in the reader's language (features/audit/describe.ts).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect, Pager } from "~/components/list-controls";
import { AUDIT_PAGE_SIZE, findAuditNames, listAudit } from "~/features/audit/audit.server";
import { AUDIT_CATEGORIES, type AuditCategory } from "~/features/audit/categories";
import { type AuditEntry, auditReferences, describeAudit } from "~/features/audit/describe";
import { requireRole } from "~/features/auth/guards.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "admin");
  const lng = await getLanguage(args.request);
  const url = new URL(args.request.url);
  const requested = url.searchParams.get("category") ?? "";
  const category = (AUDIT_CATEGORIES as readonly string[]).includes(requested) ? (requested as AuditCategory) : undefined;
  const actor = (url.searchParams.get("actor") ?? "").trim().slice(0, 100);
  const page = Math.max(1, Math.min(100_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const { rows, total } = await listAudit({ category, actor, page });
  const entries: AuditEntry[] = rows.map((r) => ({
    action: r.action,
    actorId: r.actor_id,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: parseDetail(r.detail),
  }));
  const [names, t] = await Promise.all([findAuditNames(auditReferences(entries)), getFixedT(args.request)]);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const link = (p: number) => `?${new URLSearchParams(Object.entries({ category: category ?? "", actor, page: String(p) }).filter(([, v]) => v))}`;
  return json({
    title: await titleFor(args.request, "audit.title"),
    filter: { category: category ?? "", actor },
    total: formatNumber(total, lng),
    previous: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
    page: { n: page, of: pages },
    entries: rows.map((r, i) => ({
      id: r.id,
      at: formatDateTime(r.created_at, lng),
      action: r.action,
      sentence: describeAudit(entries[i], names, t, lng),
      actor: r.actor_id ? { id: r.actor_id, name: `${r.surname ?? ""} ${r.given_name ?? ""}`.trim() || r.actor_id, email: r.email } : null,
      target: { type: r.target_type, href: targetHref(r.target_type, r.target_id, entries[i].detail, names.certificates.get(r.target_id)?.serial) },
    })),
  });
}

/** The stored detail as data; an entry whose detail is not JSON still gets a sentence. */
function parseDetail(detail: string | null): unknown {
  if (!detail) return null;
  try {
    return JSON.parse(detail);
  } catch {
    return { text: detail };
  }
}

/** Where a target can be looked at, if anywhere (a certificate is found by its serial). */
function targetHref(type: string, id: string, detail: unknown, knownSerial: string | undefined) {
  if (type === "user") return `/admin/users/${id}`;
  if (type === "course") return `/courses/${id}`;
  if (type === "training_event") return `/events/${id}`;
  if (type === "campaign") return `/campaigns/${id}`;
  if (type === "enrolment") {
    // entries about one learner's enrolment name its course: its page under "who is enrolled"
    const course = detail && typeof detail === "object" ? (detail as { course?: unknown }).course : undefined;
    return typeof course === "string" ? `/admin/courses/${encodeURIComponent(course)}/enrolled/${encodeURIComponent(id)}` : null;
  }
  if (type === "certificate") {
    const recorded = detail && typeof detail === "object" ? (detail as { serial?: unknown }).serial : undefined;
    const serial = typeof recorded === "string" ? recorded : knownSerial;
    return serial ? `/admin/certificates?q=${encodeURIComponent(serial)}` : null;
  }
  return null;
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  // a known action's short name, beside the sentence, for scanning the list
  const actionLabel = (action: string) => {
    const key = `audit.actions.${action.replace(/[.-]/g, "_")}`;
    return i18n.exists(key) ? t(key) : t(`audit.categories.${action.split(".")[0]}`, { defaultValue: action.split(".")[0] });
  };
  return (
    <>
      <h1 className="page-title">{t("audit.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("audit.lead", { total: d.total })}</p>
      <Form method="get" className="card mt-6 grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <FilterSelect
          name="category"
          label={t("audit.category")}
          value={d.filter.category}
          emptyLabel={t("audit.allCategories")}
          options={AUDIT_CATEGORIES.map((c) => ({ value: c, label: t(`audit.categories.${c}`) }))}
        />
        <div>
          <label htmlFor="actor" className="field-label">
            {t("audit.actor")}
          </label>
          <input id="actor" name="actor" type="search" defaultValue={d.filter.actor} maxLength={100} className="field-input" />
        </div>
        <button type="submit" className="btn-primary">
          {t("form.filter")}
        </button>
      </Form>
      {d.entries.length === 0 ? (
        <p className="card mt-6">{t("audit.empty")}</p>
      ) : (
        <ol className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {d.entries.map((e) => {
            const href = e.target.href;
            const target = t(`audit.targets.${e.target.type}`, { defaultValue: e.target.type });
            return (
              <li key={e.id} className="grid gap-1 px-4 py-3 sm:grid-cols-[9.5rem_1fr] sm:gap-4">
                <span className="text-sm text-slate-600">{e.at}</span>
                <span className="min-w-0">
                  <span className="block break-words">{e.sentence}</span>
                  <span className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-600">
                    <span className="rounded bg-slate-100 px-1.5 text-slate-700">{actionLabel(e.action)}</span>
                    {e.actor ? <Link to={`/admin/users/${e.actor.id}`}>{e.actor.name}</Link> : null}
                    {href ? <Link to={href}>{target}</Link> : null}
                  </span>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <Pager position={`${t("admin.page", { page: d.page.n })} / ${d.page.of}`} previous={d.previous} next={d.next} />
    </>
  );
}

export const meta = titleMeta;
