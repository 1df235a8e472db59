import type { Language } from "~/i18n/config";
import { listAimags, listOrganisations, listSums } from "./repository.server";

/** Compact option lists for the aimag → sum → organisation pickers, in the reader's language. */
export async function loadPlacementOptions(lng: Language) {
  const [aimags, sums, orgs] = await Promise.all([listAimags(), listSums(), listOrganisations()]);
  const name = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  return {
    aimags: aimags.map((a) => ({ code: a.code, name: name(a) })),
    sums: sums.map((s) => ({ id: s.id, aimag: s.aimag_code, name: name(s) })),
    organisations: orgs.map((o) => ({ id: o.id, aimag: o.aimag_code, name: name(o) })),
  };
}

export type PlacementOptions = Awaited<ReturnType<typeof loadPlacementOptions>>;
