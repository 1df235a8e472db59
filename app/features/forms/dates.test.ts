// Dates and times typed into text fields: read strictly, whatever separator a keypad offers.
import { describe, expect, it } from "vitest";
import { parseDateInput, parseTimeInput } from "./dates";

describe("a typed date", () => {
  it("is read year first with dashes, dots or slashes, or as eight digits, into YYYY-MM-DD", () => {
    for (const written of ["2026-12-31", "2026.12.31", "2026/12/31", "20261231", " 2026-12-31 ", "2026-12-31"])
      expect(parseDateInput(written), written).toBe("2026-12-31");
    expect(parseDateInput("2026-3-5")).toBe("2026-03-05");
    expect(parseDateInput("2028-02-29")).toBe("2028-02-29");
  });

  it("is refused when it is not a real day or not written year first", () => {
    for (const written of [
      "",
      "2027-02-29",
      "2026-13-01",
      "2026-00-10",
      "2026-04-31",
      "31.12.2026",
      "12/31/2026",
      "2026-12.31",
      "26-12-31",
      "2026-12-31T00:00",
      "2026-12-31 09:00",
      "2026 оны 12 сарын 31",
      "он-сар-өдөр",
      "1899-12-31",
      "2200-01-01",
      "202612310",
      "2026-1231",
      "-2026-12-31",
      "2026-12-3１",
    ])
      expect(parseDateInput(written), written).toBeNull();
  });
});

describe("a typed time", () => {
  it("is read on the 24-hour clock with a colon, a dot or none", () => {
    for (const written of ["09:30", "9:30", "9.30", "0930", "930", " 09:30 "]) expect(parseTimeInput(written), written).toBe("09:30");
    expect(parseTimeInput("23:59")).toBe("23:59");
    expect(parseTimeInput("0:00")).toBe("00:00");
  });

  it("is refused when it is not a time of day", () => {
    for (const written of ["", "24:00", "12:60", "9:3", "09:30:00", "9:30 AM", "9.30pm", "12345", "цаг:минут"])
      expect(parseTimeInput(written), written).toBeNull();
  });
});
