import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/status-badge";
import { changeRoles, setAccountDisabled } from "~/features/auth/accounts.server";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { canReadAimag, forbidden, hasRole, requireRole } from "~/features/auth/guards.server";
import { canIssueReset, createResetLink, RESET_LINK_HOURS } from "~/features/auth/password-reset.server";
import { publicBase } from "~/features/certificates/base-url.server";
import { getCatalogue } from "~/features/content/content.server";
import { courseProgress } from "~/features/enrolment/progress.server";
import { listUserEnrolments } from "~/features/enrolment/repository.server";
import { readForm } from "~/features/forms/read-form.server";
import { findAimag, listAimags } from "~/features/geo/repository.server";
import { findUserDetail } from "~/features/users/repository.server";
import { RolesSchema } from "~/features/users/schemas";
import { formatDateLong, formatDateShort, formatDateTime } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { ROLES, type Role } from "../../db/schema";

async function loadVisibleUser(args: LoaderFunctionArgs) {
  const viewer = await requireRole(args, "admin", "coordinator");
  const user = await findUserDetail(args.params.userId ?? "");
  if (!user) throw new Response("Not found", { status: 404 });
  if (!canReadAimag(viewer, user.aimag_code)) throw forbidden();
  return { viewer, user };
}

export async function loader(args: LoaderFunctionArgs) {
  const { viewer, user } = await loadVisibleUser(args);
  const lng = await getLanguage(args.request);
  const pick = (mn: string, en: string) => (lng === "en" ? en : mn);
  const aimags = await listAimags();
  // The person's courses, as they see them on "My learning".
  const catalogue = new Map(getCatalogue().courses.map((c) => [c.slug, c]));
  const courses = [];
  for (const e of await listUserEnrolments(user.id)) {
    const course = catalogue.get(e.course_slug);
    if (!course || e.status !== "active") continue;
    const p = await courseProgress(user.id, course);
    courses.push({
      slug: course.slug,
      title: course.meta.title[lng],
      status: p.status,
      percent: p.percent,
      due: e.due_at ? formatDateShort(e.due_at, lng) : null,
    });
  }
  return json({
    courses,
    title: await titleFor(args.request, `${user.surname} ${user.given_name}`, true),
    canReset: canIssueReset(viewer, user),
    resetHours: RESET_LINK_HOURS,
    canEdit: hasRole(viewer, "admin"),
    isSelf: viewer.id === user.id,
    aimags: aimags.map((a) => ({ code: a.code, name: pick(a.name_mn, a.name_en) })),
    user: {
      id: user.id,
      name: `${user.surname} ${user.given_name}`,
      email: user.email,
      position: user.position,
      aimag: pick(user.aimag_mn, user.aimag_en),
      sum: pick(user.sum_mn, user.sum_en),
      organisation: pick(user.organisation_mn, user.organisation_en),
      createdAt: formatDateLong(user.created_at, lng),
      disabled: Boolean(user.disabled_at),
      roles: user.roles.map((r) => r.role),
      coordinatorAimag: user.roles.find((r) => r.role === "coordinator")?.aimag_code ?? "",
    },
  });
}

export async function action(args: ActionFunctionArgs) {
  const formData = await readForm(args.request);
  const intent = formData.get("intent");
  if (intent === "reset-link") {
    // administrators, and coordinators for the learners of their own aimag
    const { viewer, user } = await loadVisibleUser(args);
    if (!canIssueReset(viewer, user)) throw forbidden();
    // the rule is applied again inside the transaction that creates the link, on fresh data
    const created = await createResetLink(user.id, viewer.id);
    if (!created.ok) throw forbidden();
    const lng = await getLanguage(args.request);
    // shown once, to be handed over; only its hash is kept
    return json({ resetLink: `${publicBase()}/reset-password/${created.token}`, resetExpires: formatDateTime(created.expiresAt, lng) });
  }
  const admin = await requireRole(args, "admin");
  const { user } = await loadVisibleUser(args);
  switch (intent) {
    case "roles": {
      const submission = parseWithZod(formData, { schema: RolesSchema });
      if (submission.status !== "success") return json({ errors: ["errors.invalidChoice"] }, { status: 400 });
      const roles = [...new Set(submission.value.roles)] as Role[];
      const coordinatorAimag = submission.value.coordinatorAimag || null;
      if (roles.includes("coordinator") && !(coordinatorAimag && (await findAimag(coordinatorAimag)))) {
        return json({ errors: ["errors.coordinatorNeedsAimag"] }, { status: 400 });
      }
      if (admin.id === user.id && !roles.includes("admin")) {
        return json({ errors: ["errors.cannotRemoveOwnAdmin"] }, { status: 400 });
      }
      const rows = roles.map((role) => ({ role, aimag_code: role === "coordinator" ? coordinatorAimag : null }));
      await changeRoles(admin.id, user.id, rows);
      return redirectWithFlash(`/admin/users/${user.id}`, { key: "admin.rolesSaved", kind: "success" });
    }
    case "disable":
    case "enable": {
      if (admin.id === user.id) return json({ errors: ["errors.cannotRemoveOwnAdmin"] }, { status: 400 });
      await setAccountDisabled(admin.id, user.id, intent === "disable");
      return redirectWithFlash(`/admin/users/${user.id}`, {
        key: intent === "disable" ? "admin.disabledDone" : "admin.enabledDone",
        kind: "success",
      });
    }
    default:
      return json({ errors: ["errors.invalidChoice"] }, { status: 400 });
  }
}

export default function UserDetail() {
  const { user, canEdit, isSelf, aimags, courses, canReset, resetHours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { errors?: string[]; resetLink?: string; resetExpires?: string } | undefined;
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-2xl">
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to="/admin/users">{t("admin.users")}</Link>
      </nav>
      <h1 className="page-title mt-2">{user.name}</h1>
      {user.disabled ? <p className="mt-2 inline-block rounded bg-slate-200 px-2">{t("admin.disabled")}</p> : null}
      <dl className="card mt-4 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">{t("fields.email")}</dt>
        <dd className="break-all">{user.email}</dd>
        <dt className="font-semibold">{t("fields.position")}</dt>
        <dd>{user.position}</dd>
        <dt className="font-semibold">{t("fields.organisation")}</dt>
        <dd>{user.organisation}</dd>
        <dt className="font-semibold">{t("fields.aimag")}</dt>
        <dd>{user.aimag}</dd>
        <dt className="font-semibold">{t("fields.sum")}</dt>
        <dd>{user.sum}</dd>
        <dt className="font-semibold">{t("profile.memberSince")}</dt>
        <dd>{user.createdAt}</dd>
        <dt className="font-semibold">{t("profile.roles")}</dt>
        <dd>{user.roles.map((r) => t(`roles.${r}`)).join(", ") || "—"}</dd>
      </dl>
      <section className="card mt-6" aria-labelledby="user-courses">
        <h2 id="user-courses" className="text-xl font-bold">
          {t("admin.userCourses")}
        </h2>
        {courses.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("admin.userNoCourses")}</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-200">
            {courses.map((c) => (
              <li key={c.slug} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                  <span className="block text-sm text-slate-600">
                    {c.percent}%{c.due ? ` · ${t("reports.due")}: ${c.due}` : ""}
                  </span>
                </span>
                <StatusBadge status={c.status} className="px-2 py-0.5" />
              </li>
            ))}
          </ul>
        )}
      </section>
      {canReset ? (
        <section className="card mt-6" aria-labelledby="reset-title">
          <h2 id="reset-title" className="text-xl font-bold">
            {t("reset.adminTitle")}
          </h2>
          <p className="mt-2 max-w-prose text-slate-700">{t("reset.adminLead", { hours: resetHours })}</p>
          {actionData?.resetLink ? (
            <div className="mt-4 rounded-md border-l-4 border-success bg-success-light px-4 py-3" role="status">
              <label htmlFor="reset-link" className="field-label">
                {t("reset.linkLabel")}
              </label>
              <input
                id="reset-link"
                readOnly
                value={actionData.resetLink}
                className="field-input font-mono text-sm"
                onFocus={(e) => e.currentTarget.select()}
              />
              <p className="mt-2 text-sm">{t("reset.linkExpires", { date: actionData.resetExpires })}</p>
            </div>
          ) : (
            <Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="reset-link" />
              <button type="submit" className="btn-secondary">
                {t("reset.create")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      {actionData?.errors ? (
        <div role="alert" className="mt-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
          {actionData.errors.map((e: string) => t(e)).join(" ")}
        </div>
      ) : null}
      {canEdit ? (
        <>
          <Form method="post" className="card mt-6">
            <input type="hidden" name="intent" value="roles" />
            <fieldset>
              <legend className="mb-3 text-xl font-bold">{t("admin.rolesTitle")}</legend>
              {ROLES.map((role) => (
                <label key={role} className="flex min-h-11 items-center gap-3">
                  <input type="checkbox" name="roles" value={role} defaultChecked={user.roles.includes(role)} className="h-5 w-5" />
                  {t(`roles.${role}`)}
                </label>
              ))}
            </fieldset>
            <label htmlFor="coordinatorAimag" className="field-label mt-4">
              {t("admin.coordinatorAimag")}
            </label>
            <select id="coordinatorAimag" name="coordinatorAimag" defaultValue={user.coordinatorAimag} className="field-input">
              <option value="">{t("form.choose")}</option>
              {aimags.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
            <button type="submit" className="btn-primary mt-4">
              {t("admin.rolesSave")}
            </button>
          </Form>
          {!isSelf ? (
            <Form
              method="post"
              className="mt-6"
              // with JavaScript, disabling asks first (it signs the person out everywhere); without it the form just submits
              onSubmit={(e) => {
                if (!user.disabled && !window.confirm(t("admin.confirmDisable", { name: user.name }))) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value={user.disabled ? "enable" : "disable"} />
              <button type="submit" className={user.disabled ? "btn-secondary" : "btn-danger"}>
                {user.disabled ? t("admin.enable") : t("admin.disable")}
              </button>
            </Form>
          ) : null}
        </>
      ) : (
        <p className="mt-6 text-slate-700">{t("admin.readOnly")}</p>
      )}
    </div>
  );
}

export const meta = titleMeta;
