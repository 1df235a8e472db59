// A coordinator assigns a course to people found by name and to those of an Excel list, downloads
// the template; an administrator reads in the audit log, in words, what was done and to whom.
import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn, shooter } from "./sign-in";

const shoot = shooter("assign");
const COURSE = "Төрийн байгууллагын дотоод үйл ажиллагааны удирдлагын нэгдсэн систем";

test("a coordinator assigns people found by name and from an Excel file; the audit log says so in words", async ({ page }) => {
  const year = new Date().getUTCFullYear() + 1;
  await signIn(page, "coordinator@erdem.mn");
  await page.goto("/admin/enrolments");
  await page.getByLabel("Сургалт", { exact: true }).selectOption({ label: COURSE });
  await page.waitForURL(/course=internal-operations-system/);

  // find by the start of a surname, in Cyrillic and any case; only Bayankhongor's people
  const byName = page.getByRole("region", { name: "Нэрээр хайж сонгох" });
  await byName.getByLabel("Нэр эсвэл цахим шуудан").fill("ДОЛЖИН");
  await byName.getByRole("button", { name: "Хайх" }).click();
  await page.waitForURL(/q=/);
  const people = byName.getByRole("group", { name: "Бүртгэх хүмүүсээ сонгоно уу" });
  await expect(people.getByRole("checkbox")).toHaveCount(2);
  await expect(people).toContainText("Должин Мөнхзул");
  await expect(people).toContainText("bayankhongor.2@erdem.mn");
  await expectAccessible(page);
  await people.getByRole("checkbox", { name: /Должин Мөнхзул/ }).check();
  await people.getByRole("checkbox", { name: /Должин Тэмүүлэн/ }).check();
  await shoot(page, "search");
  await byName.getByLabel("Дуусгах хугацаа").fill(`${year}-03-31`);
  await byName.getByRole("button", { name: "Сонгосон хүмүүсийг бүртгэх" }).click();
  await expect(page.getByText(`2 суралцагчийг сургалтад бүртгэлээ: ${COURSE}.`)).toBeVisible();
  // the same search now shows them enrolled, and they cannot be picked again
  await expect(people.getByRole("checkbox", { name: /Должин Мөнхзул/ })).toBeDisabled();
  await expect(people).toContainText("Аль хэдийн бүртгэлтэй");

  // the template
  const fromFile = page.getByRole("region", { name: "Файлаар (Excel эсвэл CSV)" });
  const [download] = await Promise.all([page.waitForEvent("download"), fromFile.getByRole("link", { name: "Excel загвар татах (.xlsx)" }).click()]);
  const template = new ExcelJS.Workbook();
  await template.xlsx.readFile(await download.path());
  expect(template.worksheets[0].getRow(1).values).toEqual([undefined, "Цахим шуудан", "Дуусгах хугацаа"]);

  // an Excel list as a coordinator fills it: a date cell, a serial day, a typed date, and two rows
  // that cannot be enrolled
  const list = new ExcelJS.Workbook();
  const sheet = list.addWorksheet("Баянхонгор");
  sheet.addRows([
    ["Цахим шуудан", "Дуусгах хугацаа", "Нэр"],
    ["bayankhongor.3@erdem.mn", new Date(Date.UTC(year, 2, 31)), "Түмэнбаяр Уянга"],
    ["bayankhongor.4@erdem.mn", Date.UTC(year, 2, 31) / 86_400_000 + 25_569, "Ганболд"],
    ["bayankhongor.5@erdem.mn", `31.03.${year}`, "Өлзийсайхан"],
    ["bat.erdene@erdem.mn", "", "Дархан"],
    ["nobody@erdem.mn", "", ""],
  ]);
  sheet.getColumn(2).numFmt = "dd.mm.yyyy";
  await fromFile.getByLabel("Файл (.xlsx эсвэл .csv)").setInputFiles({
    name: "жагсаалт.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(await list.xlsx.writeBuffer()),
  });
  await fromFile.getByRole("button", { name: "Урьдчилан харах" }).click();
  await expect(fromFile.getByText("Excel файлын «Баянхонгор» хуудаснаас уншлаа.", { exact: false })).toBeVisible();
  const rows = fromFile.getByRole("row");
  await expect(rows).toHaveCount(6);
  for (const n of [3, 4, 5])
    await expect(fromFile.getByRole("row", { name: new RegExp(`bayankhongor\\.${n}@erdem\\.mn ${year}\\.03\\.31 Бүртгэнэ`) })).toBeVisible();
  await expect(fromFile.getByRole("row", { name: /bat\.erdene@erdem\.mn/ })).toContainText("Таны аймгийн хэрэглэгч биш");
  await expect(fromFile.getByRole("row", { name: /nobody@erdem\.mn/ })).toContainText("Ийм цахим шуудантай хэрэглэгч алга");
  await expectAccessible(page);
  await shoot(page, "excel-preview");
  await fromFile.getByRole("button", { name: "Бүртгэх (3)" }).click();
  await expect(page.getByText(`3 суралцагчийг сургалтад бүртгэлээ: ${COURSE}.`)).toBeVisible();

  // the administrator reads it in the log
  await page.context().clearCookies();
  await signIn(page, "admin@erdem.mn");
  await page.goto("/admin/audit?category=enrolment");
  const log = page.getByRole("list").filter({ hasText: "хуваарилсан" }).first();
  await expect(log).toContainText(
    `Б. Энхтуяа Excel файлаар «${COURSE}» сургалтад 3 суралцагч хуваарилсан (дуусгах хугацаа ${year}.03.31): Т. Уянга, Г. Мөнх-Эрдэнэ, Ө. Сарнай.`,
  );
  await expect(log).toContainText(
    `Б. Энхтуяа нэрээр хайж «${COURSE}» сургалтад 2 суралцагч хуваарилсан (дуусгах хугацаа ${year}.03.31): Д. Мөнхзул, Д. Тэмүүлэн.`,
  );
  await expect(page.getByRole("main")).not.toContainText("userIds");
  await expectAccessible(page);
  await shoot(page, "audit");
  await page.goto("/admin/audit?category=enrolment&lng=en");
  await expect(page.getByRole("main")).toContainText(
    "Б. Энхтуяа assigned 3 learners to «The integrated internal-operations management system of public institutions» from an Excel file",
  );
  await shoot(page, "audit-en");
});
