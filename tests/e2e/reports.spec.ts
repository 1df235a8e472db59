// A coordinator reads the reports: the summary for their aimag, the learner list filtered by
// status, and both as CSV files.
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";

test("a coordinator reads the summary and the learner list, filters by status and downloads CSV", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Цахим шуудан").fill("coordinator@erdem.mn");
  await page.getByLabel("Нууц үг").fill("erdem-demo-2026");
  await page.getByRole("main").getByRole("button", { name: "Нэвтрэх" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  // the administration home shows the aimag's figures; the demo has one learner past the due date
  await page.goto("/admin");
  await expect(page.getByRole("link", { name: /1\s*Хугацаа хэтэрсэн/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Тайлан", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Тайлан" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Баянхонгор/ }).first()).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("navigation", { name: "Тайлангийн төрөл" }).getByRole("link", { name: "Суралцагчид" }).click();
  await expect(page).toHaveURL(/\/admin\/reports\/learners/);
  // the demo learner has read three lessons of the cyber-hygiene course (she is also registered for
  // an in-person training, which enrolled her in the service operators' course)
  const row = page.getByRole("row", { name: /Цэрэн Ариунаа.*кибер/ });
  await expect(row).toContainText("Үргэлжилж байна");
  await expect(row).toContainText("3/15 хичээл");
  await expectAccessible(page);

  await page.getByLabel("Сургалт", { exact: true }).selectOption({ label: "Төрийн албан хаагчийн МХТ-ийн ур чадвар ба кибер эрүүл ахуй" });
  await page.getByLabel("Төлөв", { exact: true }).selectOption({ label: "Үргэлжилж байна" });
  await page.getByRole("button", { name: "Харуулах" }).click();
  await expect(page.getByRole("row")).toHaveCount(2); // header and the one learner in progress
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV файлаар татах" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^erdem-learners-ict-cyber-hygiene-MN-069-\d{4}-\d{2}-\d{2}\.csv$/);
  const { readFileSync } = await import("node:fs");
  const csv = readFileSync(await download.path(), "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/^Цэрэн,Ариунаа,learner@erdem\.mn,/);
});
