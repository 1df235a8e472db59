import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, i18nConfig, isLanguage, supportedLanguages, type Language } from "./config";
import en from "./locales/en";
import mn from "./locales/mn";

export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const resources = { mn: { common: mn }, en: { common: en } };

// Mongolian for everyone who has not chosen English: the reader's own choice (`?lng=`, the
// language switch, the profile — all kept in the cookie) decides, never the browser's
// Accept-Language, which on most phones and office computers here says English.
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    order: ["searchParams", "cookie"],
  },
  i18next: { ...i18nConfig, resources },
});

// One initialised i18next instance per language, shared by all requests: creating and initialising
// an instance per request (or per getFixedT call) costs more than rendering a lesson page.
// They are never switched to another language, so sharing them is safe.
const instances = new Map<Language, I18n>();
for (const lng of supportedLanguages) {
  const instance = createInstance();
  void instance.use(initReactI18next).init({ ...i18nConfig, lng, ns: ["common"], resources, initImmediate: false });
  instances.set(lng, instance);
}

export function i18nInstance(lng: Language): I18n {
  return instances.get(lng)!;
}

const detected = new WeakMap<Request, Promise<Language>>();

/** The reader's language, always one Erdem supports (detected once per request). */
export function getLanguage(request: Request): Promise<Language> {
  let lng = detected.get(request);
  if (!lng) {
    lng = i18next.getLocale(request).then((l) => (isLanguage(l) ? l : defaultLanguage));
    detected.set(request, lng);
  }
  return lng;
}

/** A translation function for server-side text (e-mails, PDFs, JSON messages). */
export async function getFixedT(request: Request) {
  return i18nInstance(await getLanguage(request)).getFixedT(null, "common");
}

/** "<page title> — Эрдэм" in the reader's language; `key` is an i18n key, or literal text with `literal`. */
export async function titleFor(request: Request, key: string, literal = false): Promise<string> {
  const t = await getFixedT(request);
  return `${literal ? key : t(key)} — ${t("app.name")}`;
}

/**
 * At log-in on a device where the reader has not chosen a language, the language saved in their
 * profile becomes the device's choice (a Set-Cookie value); null when the device already has one.
 */
export async function profileLanguageCookie(request: Request, profileLocale: string): Promise<string | null> {
  if (!isLanguage(profileLocale)) return null;
  const chosen = await languageCookie.parse(request.headers.get("Cookie"));
  return isLanguage(chosen) ? null : languageCookie.serialize(profileLocale);
}
