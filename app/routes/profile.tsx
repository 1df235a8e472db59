import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { changePassword } from "~/features/auth/auth.server";
import { clearSessionCookie } from "~/features/auth/cookie.server";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireUser } from "~/features/auth/guards.server";
import { invalidateAllUserSessions, listUserSessions } from "~/features/auth/session.server";
import { readForm } from "~/features/forms/read-form.server";
import { loadPlacementOptions } from "~/features/geo/options.server";
import { PlacementFields } from "~/features/geo/placement-fields";
import { checkPlacement } from "~/features/geo/repository.server";
import { findUserDetail, updateProfile } from "~/features/users/repository.server";
import { ChangePasswordSchema, ProfileSchema } from "~/features/users/schemas";
import { formatDateLong, formatDateTime } from "~/i18n/format";
import { getLanguage, languageCookie, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const lng = await getLanguage(args.request);
  const [detail, sessions, options] = await Promise.all([findUserDetail(user.id), listUserSessions(user.id), loadPlacementOptions(lng)]);
  if (!detail) throw new Response("Not found", { status: 404 });
  return json({
    title: await titleFor(args.request, "profile.title"),
    user: {
      email: detail.email,
      surname: detail.surname,
      givenName: detail.given_name,
      phone: detail.phone ?? "",
      position: detail.position,
      aimagCode: detail.aimag_code,
      sumId: detail.sum_id,
      organisationId: detail.organisation_id,
      locale: detail.locale,
      memberSince: formatDateLong(detail.created_at, lng),
      roles: detail.roles.map((r) => r.role),
    },
    sessions: sessions.map((s) => ({
      current: s.id === user.sessionId,
      signedInAt: formatDateTime(s.created_at, lng),
      device: s.user_agent ? summariseUserAgent(s.user_agent) : "—",
    })),
    options,
  });
}

function summariseUserAgent(ua: string): string {
  const browser = /Firefox\//.test(ua) ? "Firefox" : /Edg\//.test(ua) ? "Edge" : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return [browser, os].filter(Boolean).join(", ") || ua.slice(0, 60);
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const formData = await readForm(args.request);
  const intent = formData.get("intent");
  switch (intent) {
    case "profile": {
      const submission = parseWithZod(formData, { schema: ProfileSchema });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      const errors = await checkPlacement(submission.value);
      if (Object.keys(errors).length) return json({ intent, result: submission.reply({ fieldErrors: errors }) }, { status: 400 });
      await updateProfile(user.id, submission.value);
      return redirectWithFlash(
        "/profile",
        { key: "profile.saved", kind: "success" },
        {
          headers: { "Set-Cookie": await languageCookie.serialize(submission.value.locale) },
        },
      );
    }
    case "password": {
      const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
      const hidden = { hideFields: ["currentPassword", "newPassword", "confirmPassword"] };
      if (submission.status !== "success") return json({ intent, result: submission.reply(hidden) }, { status: 400 });
      const { currentPassword, newPassword } = submission.value;
      const changed = await changePassword(user.id, user.sessionId, currentPassword, newPassword);
      if (!changed.ok) {
        return json({ intent, result: submission.reply({ ...hidden, fieldErrors: { currentPassword: ["errors.wrongPassword"] } }) }, { status: 400 });
      }
      return redirectWithFlash("/profile", { key: "profile.passwordChanged", kind: "success" });
    }
    case "logout-everywhere": {
      await invalidateAllUserSessions(user.id);
      return redirectWithFlash(
        "/login",
        { key: "profile.loggedOutEverywhere", kind: "info" },
        {
          headers: { "Set-Cookie": await clearSessionCookie() },
        },
      );
    }
    default:
      return json({ intent: null, result: undefined }, { status: 400 });
  }
}

export default function Profile() {
  const { user, sessions, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [profileForm, fields] = useForm<z.input<typeof ProfileSchema>>({
    id: "profile",
    lastResult: actionData?.intent === "profile" ? actionData.result : undefined,
    defaultValue: user,
  });
  const [passwordForm, pw] = useForm<z.input<typeof ChangePasswordSchema>>({
    id: "password",
    lastResult: actionData?.intent === "password" ? actionData.result : undefined,
  });

  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="page-title">{t("profile.title")}</h1>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-slate-700">
        <dt className="font-semibold">{t("fields.email")}</dt>
        <dd>{user.email}</dd>
        <dt className="font-semibold">{t("profile.roles")}</dt>
        <dd>{user.roles.map((r) => t(`roles.${r}`)).join(", ") || "—"}</dd>
        <dt className="font-semibold">{t("profile.memberSince")}</dt>
        <dd>{user.memberSince}</dd>
      </dl>

      <section className="card mt-6" aria-labelledby="details-title">
        <h2 id="details-title" className="mb-4 text-xl font-bold">
          {t("profile.details")}
        </h2>
        <Form method="post" {...getFormProps(profileForm)} noValidate>
          <input type="hidden" name="intent" value="profile" />
          <ErrorSummary form={profileForm} />
          <TextField meta={fields.surname} label={t("fields.surname")} autoComplete="family-name" />
          <TextField meta={fields.givenName} label={t("fields.givenName")} autoComplete="given-name" />
          <TextField meta={fields.phone} label={t("fields.phone")} help={t("fields.phoneHelp")} type="tel" autoComplete="tel" required={false} />
          <TextField meta={fields.position} label={t("fields.position")} autoComplete="organization-title" />
          <PlacementFields options={options} fields={fields} />
          <SelectField meta={fields.locale} label={t("fields.locale")}>
            <option value="mn">Монгол</option>
            <option value="en">English</option>
          </SelectField>
          <button type="submit" className="btn-primary">
            {t("form.save")}
          </button>
        </Form>
      </section>

      <section className="card mt-6" aria-labelledby="password-title">
        <h2 id="password-title" className="mb-4 text-xl font-bold">
          {t("profile.passwordTitle")}
        </h2>
        <Form method="post" {...getFormProps(passwordForm)} noValidate>
          <input type="hidden" name="intent" value="password" />
          <ErrorSummary form={passwordForm} />
          <TextField meta={pw.currentPassword} label={t("fields.currentPassword")} type="password" autoComplete="current-password" />
          <TextField meta={pw.newPassword} label={t("fields.newPassword")} help={t("fields.passwordHelp")} type="password" autoComplete="new-password" />
          <TextField meta={pw.confirmPassword} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
          <button type="submit" className="btn-primary">
            {t("profile.passwordSubmit")}
          </button>
        </Form>
      </section>

      <section className="card mt-6" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="text-xl font-bold">
          {t("profile.sessionsTitle")}
        </h2>
        <p className="mt-2">{t("profile.sessionsLead", { count: sessions.length })}</p>
        <ul className="mt-3 divide-y divide-slate-200">
          {sessions.map((s, i) => (
            <li key={i} className="py-2">
              <span className="font-semibold">{s.device}</span>
              {s.current ? <span className="ml-2 rounded bg-primary-light px-2 py-0.5 text-sm text-primary-dark">{t("profile.thisDevice")}</span> : null}
              <span className="block text-sm text-slate-600">{t("profile.signedInAt", { date: s.signedInAt })}</span>
            </li>
          ))}
        </ul>
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="btn-danger">
            {t("profile.logoutEverywhere")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta = titleMeta;
