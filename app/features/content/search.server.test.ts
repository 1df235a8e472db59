import { describe, expect, it } from "vitest";
import { foldText, lessonPlainText, queryWords } from "./search.server";

describe("catalogue search text", () => {
  it("folds Cyrillic case, Ө and Ү included, character for character", () => {
    expect(foldText("ӨВӨРХАНГАЙ Үүрийн ЦОЛМОН")).toBe("өвөрхангай үүрийн цолмон");
    expect(foldText("Өө Үү Ѳѳ")).toBe("өө үү өө"); // the fita some keyboards give for Ө
    const text = "Нууц ҮГ İstanbul 😀 Өндөр";
    expect(foldText(text)).toHaveLength(text.length); // positions match the original for the snippet
  });

  it("splits a query into words, leaving out one-letter words when longer ones are there", () => {
    expect(queryWords("  Нууц ҮГ, «хоёр» а ")).toEqual(["нууц", "үг", "хоёр"]);
    expect(queryWords("а")).toEqual(["а"]);
    expect(queryWords("")).toEqual([]);
  });

  it("reads a lesson's text without its markup, keeping what the page shows", () => {
    const source = `---
title: "Гарчиг"
minutes: 3
---
import X from "./x"

## Танилцуулга

**Хүчтэй** нууц _хэллэг_ ашигла. [Дараах](./next) хичээл.

<Callout type="warning" title="Анхаар > энэ">

- Нэг зүйл

</Callout>

<Practice question="Аль нь зөв?" options={["Тийм", "Үгүй"]} answer={1}>

<Figure src="images/secret-name.svg" alt="Зураг" />
Тайлбар.
</Practice>

![Цэнхэр цэг](images/dot.svg)
`;
    const text = lessonPlainText(source);
    expect(text).toBe("Танилцуулга Хүчтэй нууц хэллэг ашигла. Дараах хичээл. Анхаар > энэ Нэг зүйл Аль нь зөв? Тийм Үгүй Зураг Тайлбар. Цэнхэр цэг");
    expect(text).not.toMatch(/minutes|import|Callout|warning|answer|svg/);
  });
});
