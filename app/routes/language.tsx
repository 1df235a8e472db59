// GET /language?lng=en&redirectTo=/path — a plain link switches language, no JavaScript needed.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/features/auth/safe-redirect";
import { isLanguage } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18next.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lng = url.searchParams.get("lng");
  const to = safeRedirectPath(url.searchParams.get("redirectTo"), "/");
  if (!isLanguage(lng)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await languageCookie.serialize(lng) } });
}
