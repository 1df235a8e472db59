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

/**
 * The registration form's lists for one aimag: every aimag, that aimag's sums, and its organisations
 * with the national ones (the national ones alone before an aimag is chosen). The form narrows step
 * by step rather than sending every sum and organisation of the country, which weighed about 150 KB
 * of the page on a phone.
 */
export async function loadPlacementChoices(lng: Language, aimagCode: string | null | undefined) {
  const aimags = await listAimags();
  const chosen = aimags.some((a) => a.code === aimagCode) ? (aimagCode as string) : "";
  const [sums, orgs] = await Promise.all([chosen ? listSums(chosen) : [], listOrganisations(chosen ? { aimagCode: chosen } : { nationalOnly: true })]);
  const name = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  return {
    aimagCode: chosen,
    aimags: aimags.map((a) => ({ code: a.code, name: name(a) })),
    sums: sums.map((s) => ({ id: s.id, aimag: s.aimag_code, name: name(s) })),
    organisations: orgs.map((o) => ({ id: o.id, aimag: o.aimag_code, name: name(o) })),
  };
}

export type PlacementChoices = Awaited<ReturnType<typeof loadPlacementChoices>>;
