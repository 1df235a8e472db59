// Self check-in: a learner's camera opens this page from the QR code shown in the hall. Signed in,
// they confirm and are marked present — with a code fresh enough, during the session.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/auth/guards.server";
import { selfCheckIn } from "~/features/events/events.server";
import { findEvent, findSession } from "~/features/events/repository.server";
import { sessionWhen } from "~/features/events/roll-call.server";
import { CHECK_IN_EARLY_MINUTES, checkInCodeValid } from "~/features/events/rules";
import { readForm } from "~/features/forms/read-form.server";
import { fullName } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

type Outcome = "checkedIn" | "notFound" | "disabled" | "expired" | "closed" | "cancelled";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const session = await findSession(args.params.sessionId ?? "");
  const event = session ? await findEvent(session.event_id) : undefined;
  if (!session || !event) throw new Response("Not found", { status: 404 });
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const now = new Date();
  const code = (new URL(args.request.url).searchParams.get("c") ?? "").slice(0, 100);
  // told before the tap, not after: a code that expired while the learner signed in needs a new scan
  const problem: Outcome | null = !session.self_check_in
    ? "disabled"
    : event.status === "cancelled"
      ? "cancelled"
      : !checkInCodeValid(code, session.check_in_secret, session.id, now)
        ? "expired"
        : now.getTime() < Date.parse(session.starts_at) - CHECK_IN_EARLY_MINUTES * 60_000 || now.getTime() > Date.parse(session.ends_at)
          ? "closed"
          : null;
  return json(
    {
      title: await titleFor(args.request, t("rollCall.checkIn.title")),
      eventTitle: lng === "en" ? event.title_en : event.title_mn,
      when: sessionWhen(session, lng),
      name: fullName(user),
      code,
      problem,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const form = await readForm(args.request);
  if (String(form.get("intent") ?? "") !== "check-in") return json({ outcome: "notFound" as Outcome }, { status: 400 });
  const code = String(form.get("code") ?? "").slice(0, 100);
  const result = await selfCheckIn(user.id, args.params.sessionId ?? "", code);
  if ("checkedIn" in result) return json({ outcome: "checkedIn" as Outcome });
  return json({ outcome: result.problem as Outcome }, { status: result.problem === "notFound" ? 404 : 400 });
}

export default function CheckIn() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const outcome = a?.outcome ?? d.problem;
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="page-title">{t("rollCall.checkIn.title")}</h1>
      <p className="mt-2 text-lg font-semibold text-slate-900">{d.eventTitle}</p>
      <p className="text-slate-700">{d.when}</p>
      {outcome === "checkedIn" ? (
        <div
          role="status"
          className="mt-6 flex items-start gap-3 rounded-md border-l-4 border-success bg-success-light px-4 py-4 text-lg font-semibold text-success"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-1 h-6 w-6 shrink-0" fill="currentColor">
            <path d="M7.6 14.2 3.4 10l1.4-1.4 2.8 2.8 7.6-7.6 1.4 1.4z" />
          </svg>
          <span>{t("rollCall.checkIn.checkedIn")}</span>
        </div>
      ) : outcome ? (
        <p role="alert" className="mt-6 rounded-md border-l-4 border-danger bg-danger-light px-4 py-4 font-semibold text-danger">
          {t(`rollCall.checkIn.${outcome}`)}
        </p>
      ) : null}
      {outcome === "checkedIn" ? (
        <p className="mt-6">
          <Link to="/my">{t("rollCall.checkIn.toMy")}</Link>
        </p>
      ) : outcome ? null : (
        <Form method="post" className="mt-6">
          <input type="hidden" name="intent" value="check-in" />
          <input type="hidden" name="code" value={d.code} />
          <p className="mb-4 text-slate-700">{t("rollCall.checkIn.signedInAs", { name: d.name })}</p>
          <button type="submit" className="btn-primary min-h-14 w-full text-lg" disabled={busy}>
            {t("rollCall.checkIn.confirm")}
          </button>
        </Form>
      )}
    </div>
  );
}

export const meta = titleMeta;
