// The bell's page: a person's notifications, newest first, each opened (and marked read) with one
// press, and their choice of which topics also come by e-mail. Plain forms: it works without
// JavaScript, as the header's bell is a plain link here.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { type CurrentUser, hasRole, requireUser } from "~/features/auth/guards.server";
import { readForm } from "~/features/forms/read-form.server";
import { notificationText, TOPICS, type Topic } from "~/features/notifications/kinds";
import { emailPreferences, listNotifications, markAllRead, openNotification, saveEmailPreferences } from "~/features/notifications/notify.server";
import { formatDateTime } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const [rows, email] = await Promise.all([listNotifications(db, user.id), emailPreferences(db, user.id)]);
  return json(
    {
      title: await titleFor(args.request, "notifications.title"),
      address: user.email,
      items: rows.map((r) => ({
        id: r.id,
        ...notificationText(t, lng, r.kind, r.params),
        at: formatDateTime(r.created_at, lng),
        unread: !r.read_at,
      })),
      email,
      topics: topicsFor(user),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/** The weekly digest is for coordinators; everyone else is not asked about it. */
const topicsFor = (user: CurrentUser) => TOPICS.filter((topic) => topic !== "digest" || hasRole(user, "coordinator"));

/** Only the app's own paths are followed: a stored link is ours, but a redirect is checked all the same. */
const ownPath = (link: string) => (/^\/(?![/\\])/.test(link) ? link : "/");

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const form = await readForm(args.request);
  const intent = form.get("intent");
  switch (intent) {
    case "open": {
      const id = form.get("id");
      const link = typeof id === "string" && id.length <= 64 ? await openNotification(db, user.id, id) : null;
      if (!link) return json({ problem: "notifications.invalid" }, { status: 404 });
      return redirect(ownPath(link));
    }
    case "read-all": {
      await markAllRead(db, user.id);
      return redirectWithFlash("/notifications", { key: "notifications.allRead", kind: "success" });
    }
    case "email": {
      const chosen: Record<Topic, boolean> = await emailPreferences(db, user.id);
      for (const topic of topicsFor(user)) {
        const value = form.get(`email.${topic}`);
        if (value !== null && value !== "on") return json({ problem: "notifications.invalid" }, { status: 400 });
        chosen[topic] = value === "on";
      }
      await saveEmailPreferences(user.id, chosen);
      return redirectWithFlash("/notifications", { key: "notifications.saved", kind: "success" });
    }
    default:
      return json({ problem: "notifications.invalid" }, { status: 400 });
  }
}

export default function Notifications() {
  const { items, email, address, topics } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const unread = items.filter((i) => i.unread).length;
  return (
    <div className="mx-auto max-w-2xl">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t("notifications.title")}</h1>
        {unread ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="btn-secondary">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {actionData?.problem ? (
        <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-red-800">
          {t(actionData.problem)}
        </p>
      ) : null}

      {items.length ? (
        <ul className="mt-4 space-y-3">
          {items.map((n) => (
            <li key={n.id} className={`card ${n.unread ? "border-l-4 border-l-primary" : ""}`}>
              <Form method="post">
                <input type="hidden" name="intent" value="open" />
                <input type="hidden" name="id" value={n.id} />
                <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
                  {n.unread ? <span className="rounded bg-primary-light px-2 py-0.5 font-semibold text-primary-dark">{t("notifications.unread")}</span> : null}
                  <span>{n.at}</span>
                </p>
                <h2 className={`mt-1 text-lg ${n.unread ? "font-bold" : "font-semibold"}`}>{n.title}</h2>
                <p className="mt-1 break-words text-slate-700">{n.body}</p>
                <button type="submit" className="mt-2 min-h-11 font-semibold text-primary underline underline-offset-2 hover:text-primary-dark">
                  {n.action}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-4 text-slate-700">{t("notifications.empty")}</p>
      )}

      <section className="card mt-8" aria-labelledby="email-title">
        <h2 id="email-title" className="text-xl font-bold">
          {t("notifications.settingsTitle")}
        </h2>
        <p className="mt-2 text-slate-700">{t("notifications.settingsLead", { email: address })}</p>
        <Form method="post" className="mt-3">
          <input type="hidden" name="intent" value="email" />
          <fieldset>
            <legend className="sr-only">{t("notifications.settingsTitle")}</legend>
            {topics.map((topic) => (
              <label key={topic} className="flex items-start gap-3 py-2">
                <input type="checkbox" name={`email.${topic}`} defaultChecked={email[topic]} className="mt-1 size-5 shrink-0" />
                <span>{t(`notifications.topics.${topic}`)}</span>
              </label>
            ))}
          </fieldset>
          <p className="mt-2 text-sm text-slate-600">{t("notifications.settingsAlways")}</p>
          <button type="submit" className="btn-primary mt-3">
            {t("notifications.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta = titleMeta;
