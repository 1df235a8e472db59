import { createCookie } from "@remix-run/node";
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

export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { ...i18nConfig, resources },
});

/** The reader's language, always one Erdem supports. */
export async function getLanguage(request: Request): Promise<Language> {
  const lng = await i18next.getLocale(request);
  return isLanguage(lng) ? lng : defaultLanguage;
}

/** A translation function for server-side text (e-mails, PDFs, JSON messages). */
export async function getFixedT(request: Request) {
  return i18next.getFixedT(await getLanguage(request), "common");
}

/** "<page title> — Эрдэм" in the reader's language; `key` is an i18n key, or literal text with `literal`. */
export async function titleFor(request: Request, key: string, literal = false): Promise<string> {
  const t = await getFixedT(request);
  return `${literal ? key : t(key)} — ${t("app.name")}`;
}
