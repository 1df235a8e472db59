// Page titles: loaders compute `title` in the reader's language (see titleFor in i18next.server),
// so no strings for meta need to ship to the browser.
import type { MetaFunction } from "@remix-run/node";

export const titleMeta: MetaFunction = ({ data, error }) =>
  // an error page's title is written by the root Layout
  error ? [] : [{ title: (data as { title?: string } | undefined)?.title ?? "Эрдэм" }];
