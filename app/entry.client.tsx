import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig, isLanguage, defaultLanguage } from "./i18n/config";

async function hydrate() {
  const htmlLang = document.documentElement.lang;
  const lng = isLanguage(htmlLang) ? htmlLang : defaultLanguage;
  // Only the page's language is downloaded.
  const strings = lng === "en" ? (await import("./i18n/locales/en")).default : (await import("./i18n/locales/mn")).default;
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng, ns: ["common"], resources: { [lng]: { common: strings } } });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

hydrate();
