// A coordinator reads the reports: the dashboard of their aimag (a sum where nobody is enrolled
// stands out), filters it, downloads it as Excel; the learner list filtered by status, as CSV. An
// administrator reads the country dashboard with its map, and the course funnel.
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn, shooter } from "./sign-in";

const shoot = shooter("reports");

test("a coordinator finds the sums where nobody is enrolled, filters the dashboard and takes it to Excel", async ({ page }) => {
  await signIn(page, "coordinator@erdem.mn");
  await page.goto("/admin/reports");
  await expect(page.getByRole("heading", { name: "Баянхонгор" })).toBeVisible();
  // every sum of the aimag is a row; those without a single enrolment say so
  const empty = page.getByRole("row").filter({ hasText: "Бүртгэлтэй суралцагч алга" });
  expect(await empty.count()).toBeGreaterThan(0);
  await expect(page.getByText(/нэг ч суралцагч бүртгүүлээгүй байна/)).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "dashboard-aimag");

  await page.waitForLoadState("networkidle");
  await page.getByLabel("Сургалт", { exact: true }).selectOption({ label: "Төрийн албан хаагчийн МХТ-ийн ур чадвар ба кибер эрүүл ахуй" });
  await page.getByLabel("Бүлэглэх").selectOption({ label: "Байгууллагаар" });
  await page.getByLabel("Бүртгүүлсэн сар (-аас)").fill("2020-01");
  await page.getByRole("button", { name: "Харуулах" }).click();
  await expect(page).toHaveURL(/by=organisation/);
  await expect(page).toHaveURL(/from=2020-01/);
  await expect(page.getByRole("columnheader", { name: "Байгууллага" })).toBeVisible();
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Excel файлаар татах" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^erdem-summary-ict-cyber-hygiene-MN-069-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.worksheets[0];
  expect(sheet.getRow(1).getCell(1).value).toBe("Байгууллага");
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  const last = sheet.getRow(sheet.rowCount);
  expect(last.getCell(1).value).toBe("Нийт");
  expect(typeof last.getCell(4).value).toBe("number"); // enrolled, a number cell
});

test("an administrator reads the country dashboard, its map and a course funnel", async ({ page }) => {
  await signIn(page, "admin@erdem.mn");
  await page.goto("/admin/reports");
  await expect(page.getByRole("heading", { name: "Аймаг, нийслэлээр" })).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(1 + 22 + 1); // header, 21 aimags and the capital, total
  // the map is a figure named by its caption; its tiles link to each aimag's dashboard
  const map = page.getByRole("figure", { name: /Аймгаар: Дуусгалтын хувь/ });
  await expect(map).toBeVisible();
  await expect(map.getByRole("group", { name: /Аймгаар: Дуусгалтын хувь/ }).getByRole("link")).toHaveCount(22);
  await expect(map.getByRole("link", { name: /^Улаанбаатар: / })).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "dashboard-country");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Газрын зургийн үзүүлэлт").selectOption({ label: "Суралцагч" });
  await page.getByRole("button", { name: "Харуулах" }).click();
  await expect(page.getByRole("figure", { name: /Аймгаар: Суралцагч/ })).toBeVisible();

  await page.getByRole("navigation", { name: "Тайлангийн төрөл" }).getByRole("link", { name: "Сургалтын юүлүүр" }).click();
  await page.waitForURL(/\/admin\/reports\/funnel/);
  // a choice made before the page's scripts have started would be reset by them
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Сургалт", { exact: true }).selectOption({ label: "Төрийн албан хаагчийн МХТ-ийн ур чадвар ба кибер эрүүл ахуй" });
  await page.getByRole("button", { name: "Харуулах" }).click();
  await expect(page.getByRole("list", { name: "Сургалтын юүлүүр" })).toContainText("Гэрчилгээ авсан");
  await expect(page.getByRole("row")).toHaveCount(1 + 22);
  await expectAccessible(page);
  await shoot(page, "funnel");
});

test("a coordinator reads the summary and the learner list, filters by status and downloads CSV", async ({ page }) => {
  await signIn(page, "coordinator@erdem.mn");
  // the administration home shows the aimag's figures; the demo has one learner past the due date
  await page.goto("/admin");
  await expect(page.getByRole("link", { name: /1\s*Хугацаа хэтэрсэн/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Тайлан", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Тайлан" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Баянхонгор/ }).first()).toBeVisible(); // the aimag's centre sum
  await expectAccessible(page);

  await page.getByRole("navigation", { name: "Тайлангийн төрөл" }).getByRole("link", { name: "Суралцагчид" }).click();
  await expect(page).toHaveURL(/\/admin\/reports\/learners/);
  // the demo learner has read three lessons of the cyber-hygiene course (she is also registered for
  // an in-person training, which enrolled her in the service operators' course)
  // the list is in name order, fifty to a page: she is found by the start of her name
  await page.getByLabel("Нэр эсвэл цахим шуудан").fill("цэрэн ариу");
  await page.getByRole("button", { name: "Харуулах" }).click();
  const row = page.getByRole("row", { name: /Цэрэн Ариунаа.*кибер/ });
  await expect(row).toContainText("Үргэлжилж байна");
  await expect(row).toContainText("3/15 хичээл");
  await expectAccessible(page);

  await page.getByLabel("Нэр эсвэл цахим шуудан").fill("");
  await page.getByLabel("Сургалт", { exact: true }).selectOption({ label: "Төрийн албан хаагчийн МХТ-ийн ур чадвар ба кибер эрүүл ахуй" });
  await page.getByLabel("Төлөв", { exact: true }).selectOption({ label: "Үргэлжилж байна" });
  await page.getByRole("button", { name: "Харуулах" }).click();
  await expect(page.getByRole("row")).toHaveCount(2); // header and the one learner in progress
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV файлаар татах" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^erdem-learners-ict-cyber-hygiene-MN-069-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/^Цэрэн,Ариунаа,learner@erdem\.mn,/);
});
