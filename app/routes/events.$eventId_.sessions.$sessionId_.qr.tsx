// The rotating self check-in code of one session, shown by the trainer on a phone or a projector:
// with JavaScript it is refreshed from qr.svg every step; without, the page reloads itself.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/auth/guards.server";
import { currentCheckIn, requireRollCall, sessionWhen } from "~/features/events/roll-call.server";
import { QR_STEP_SECONDS } from "~/features/events/rules";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const { event, session } = await requireRollCall(user, args.params.eventId, args.params.sessionId);
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const base = {
    title: await titleFor(args.request, t("rollCall.qr.title")),
    eventId: event.id,
    sessionId: session.id,
    eventTitle: lng === "en" ? event.title_en : event.title_mn,
    when: sessionWhen(session, lng),
  };
  const headers = { "Cache-Control": "no-store" };
  if (!session.self_check_in) return json({ ...base, qr: null }, { headers });
  return json({ ...base, qr: await currentCheckIn(session) }, { headers });
}

export default function CheckInQr() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [qr, setQr] = useState(d.qr);
  const [left, setLeft] = useState(d.qr?.secondsLeft ?? QR_STEP_SECONDS);
  const [enhanced, setEnhanced] = useState(false);
  const deadline = useRef(Date.now() + (d.qr?.secondsLeft ?? QR_STEP_SECONDS) * 1000);
  const rollCall = `/events/${d.eventId}/sessions/${d.sessionId}`;

  useEffect(() => {
    if (!d.qr) return;
    setEnhanced(true);
    let stopped = false;
    const refresh = async () => {
      try {
        const res = await fetch(`${rollCall}/qr.svg`, { cache: "no-store", credentials: "same-origin" });
        if (!res.ok || stopped) return;
        const svg = await res.text();
        const secondsLeft = Number(res.headers.get("X-Seconds-Left")) || QR_STEP_SECONDS;
        deadline.current = Date.now() + secondsLeft * 1000;
        setQr({
          svg,
          code: res.headers.get("X-Check-In-Code") ?? "",
          url: "",
          secondsLeft,
          checkedIn: Number(res.headers.get("X-Checked-In")) || 0,
        });
      } catch {
        // no connection: the code on screen is still taken for a few steps; the next tick tries again
        deadline.current = Date.now() + 2000;
      }
    };
    const timer = window.setInterval(() => {
      const s = Math.ceil((deadline.current - Date.now()) / 1000);
      setLeft(Math.max(0, s));
      if (s <= 0) {
        deadline.current = Date.now() + 60_000; // one request at a time
        void refresh();
      }
    }, 500);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [d.qr, rollCall]);

  return (
    <>
      {/* without JavaScript the page fetches a fresh code itself; with it, only the picture is fetched */}
      {d.qr ? (
        <noscript>
          <meta httpEquiv="refresh" content={String(QR_STEP_SECONDS)} />
        </noscript>
      ) : null}
      <nav aria-label={t("rollCall.breadcrumb")} className="breadcrumb mb-2">
        <Link to={rollCall}>← {t("rollCall.qr.backToRoll")}</Link>
      </nav>
      <h1 className="page-title">{t("rollCall.qr.title")}</h1>
      <p className="mt-1 text-lg font-semibold text-slate-900">{d.eventTitle}</p>
      <p className="text-slate-700">{d.when}</p>
      {qr ? (
        <>
          <p className="mt-3 text-slate-700">{t("rollCall.qr.lead", { seconds: QR_STEP_SECONDS })}</p>
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`}
            alt={t("rollCall.qr.alt")}
            width={400}
            height={400}
            className="mx-auto mt-4 block aspect-square h-auto w-full max-w-[min(90vw,70vh)] rounded-lg border border-slate-300 bg-white p-2"
          />
          <p className="mt-3 text-center font-mono text-lg text-slate-900">
            <span className="sr-only">{t("rollCall.qr.code")}: </span>
            {qr.code}
          </p>
          <p className="text-center text-slate-700" aria-hidden={enhanced ? undefined : true}>
            {enhanced ? t("rollCall.qr.nextIn", { seconds: left }) : t("rollCall.qr.nextIn", { seconds: d.qr?.secondsLeft ?? QR_STEP_SECONDS })}
          </p>
          <p role="status" className="mt-2 text-center text-xl font-bold text-slate-900">
            {t("rollCall.qr.checkedIn", { count: qr.checkedIn })}
          </p>
        </>
      ) : (
        <p className="mt-4 rounded-md border-l-4 border-primary bg-primary-light px-4 py-3 font-semibold text-primary-dark">{t("rollCall.qr.disabled")}</p>
      )}
    </>
  );
}

export const meta = titleMeta;
