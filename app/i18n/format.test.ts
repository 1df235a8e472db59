import { describe, expect, it } from "vitest";
import { byMongolianName, formatDateLong, formatDateShort, formatNumber, shortName } from "./format";

describe("Mongolian formats", () => {
  it("writes dates the Mongolian way, in Ulaanbaatar time", () => {
    expect(formatDateLong("2026-11-24T03:00:00Z", "mn")).toBe("2026 оны 11 сарын 24");
    expect(formatDateShort("2026-11-24T03:00:00Z", "mn")).toBe("2026.11.24");
    // 20:00 UTC is already the next day in Ulaanbaatar
    expect(formatDateShort("2026-11-24T20:00:00Z", "mn")).toBe("2026.11.25");
    expect(formatDateLong("2026-11-24T03:00:00Z", "en")).toBe("24 November 2026");
  });
  it("separates thousands with a space in Mongolian", () => {
    expect(formatNumber(1106, "mn")).toBe("1 106");
    expect(formatNumber(1106, "en")).toBe("1,106");
  });
  it("abbreviates the surname before the given name", () => {
    expect(shortName({ surname: "өлзийбат", given_name: "Болд" })).toBe("Ө. Болд");
  });
});

describe("names in Mongolian order", () => {
  it("puts Ө after О and Ү after У, surname first", () => {
    const people = ["Үүрцайх Б", "Өлзий А", "Урангоо В", "Оюун Г", "Ядам Д", "Өлзий Б"].map((n) => {
      const [surname, given_name] = n.split(" ");
      return { surname, given_name };
    });
    expect(people.sort(byMongolianName).map((p) => `${p.surname} ${p.given_name}`)).toEqual([
      "Оюун Г",
      "Өлзий А",
      "Өлзий Б",
      "Урангоо В",
      "Үүрцайх Б",
      "Ядам Д",
    ]);
  });
});
