import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn, shooter } from "./sign-in";

const CYBER = "Төрийн албан хаагчийн МХТ-ийн ур чадвар ба кибер эрүүл ахуй";
const OPERATORS_LIST = "/admin/courses/e-mongolia-service-operators/enrolled";
const shoot = shooter("enrolled");

/** The page at a phone's width and a desktop's, for looking at. */

test("a coordinator grants an extra exam attempt, extra time and a new due date", async ({ page }) => {
  const year = new Date().getUTCFullYear() + 1;
  await signIn(page, "coordinator@erdem.mn");
  await page.goto("/admin/courses");
  await expect(page.getByRole("heading", { level: 1, name: "Сургалтад бүртгэлтэй суралцагчид" })).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "courses");
  await page.getByRole("link", { name: `Суралцагчид: ${CYBER}` }).click();
  await expect(page).toHaveURL("/admin/courses/ict-cyber-hygiene/enrolled");
  await expect(page.getByRole("heading", { level: 1, name: CYBER })).toBeVisible();
  // the demo's learner past her due date is marked
  await expect(page.getByRole("row", { name: /Лхагва Ганзориг/ })).toContainText("Хугацаа хэтэрсэн");
  await expect(page.getByText("Аймаг: Баянхонгор")).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "list");

  await page.getByLabel("Нэр эсвэл цахим шуудан").fill("Мөнхзул");
  await page.getByRole("button", { name: "Харуулах" }).click();
  await expect(page.getByRole("row")).toHaveCount(2); // the header and Мөнхзул
  await page.getByRole("link", { name: "Должин Мөнхзул" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Должин Мөнхзул" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Нэмэлт оролдлого (нийт)").fill("1");
  await page.getByRole("button", { name: "Нэмэлт оролдлогыг хадгалах" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Шалгалтын нэмэлт оролдлогыг хадгаллаа." })).toBeVisible();
  await expect(page.getByLabel("Нэмэлт оролдлого (нийт)")).toHaveValue("1");

  await page.getByLabel("Нэмэлт минут").fill("15");
  await page.getByRole("button", { name: "Нэмэлт хугацааг хадгалах" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Шалгалтын нэмэлт хугацааг хадгаллаа." })).toBeVisible();

  await page.getByLabel("Шинэ хугацаа").fill(`${year}-01-31`);
  await page.getByRole("button", { name: "Дуусгах хугацааг хадгалах" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Дуусгах хугацааг хадгаллаа." })).toBeVisible();
  await expect(page.getByText(`${year} оны 1 сарын 31`)).toBeVisible();

  // more than the bound: the form comes back with the message under the field and the value kept
  await page.getByLabel("Нэмэлт минут").fill("500");
  await page.getByRole("button", { name: "Нэмэлт хугацааг хадгалах" }).click();
  await expect(page.getByText("0-ээс 240 хүртэлх бүхэл минут оруулна уу.")).toBeVisible();
  await expect(page.getByLabel("Нэмэлт минут")).toHaveValue("500");
  await expectAccessible(page);
  await shoot(page, "learner");

  // the first step of withdrawing only asks; cancelling changes nothing
  await page.getByRole("link", { name: "Сургалтаас хасах…" }).click();
  await expect(page.getByText("Должин Мөнхзул — сургалтаас хасах уу?")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Болих" }).click();
  await expect(page.getByRole("link", { name: "Сургалтаас хасах…" })).toBeVisible();

  await page.getByRole("navigation", { name: "Байршил" }).getByRole("link", { name: CYBER }).click();
  const row = page.getByRole("row", { name: /Должин Мөнхзул/ });
  await expect(row).toContainText("+15 мин");
  await expect(row).toContainText("+1 оролдлого");
  await expect(row).toContainText(`${year}.01.31`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a coordinator withdraws a learner after confirming, sees them withdrawn and reinstates them", async ({ page }) => {
    await signIn(page, "coordinator@erdem.mn");
    await page.goto(`${OPERATORS_LIST}?q=${encodeURIComponent("Мөнх-Эрдэнэ")}`);
    await page.getByRole("link", { name: "Ганболд Мөнх-Эрдэнэ" }).click();
    await page.getByRole("link", { name: "Сургалтаас хасах…" }).click();
    await expect(page).toHaveURL(/confirm=withdraw/);
    await expect(page.getByText("Ганболд Мөнх-Эрдэнэ — сургалтаас хасах уу?")).toBeVisible();
    await shoot(page, "withdraw");
    await page.getByLabel("Шалтгаан").fill("Өөр албанд шилжсэн");
    await page.getByRole("button", { name: "Тийм, сургалтаас хасах" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Суралцагчийг сургалтаас хаслаа." })).toBeVisible();
    await expect(page.getByRole("main").getByText("Сургалтаас гарсан", { exact: true })).toBeVisible();

    await page.goto(`${OPERATORS_LIST}?status=withdrawn`);
    const row = page.getByRole("row", { name: /Ганболд Мөнх-Эрдэнэ/ });
    await expect(row).toContainText("Сургалтаас гарсан");

    await row.getByRole("link", { name: "Ганболд Мөнх-Эрдэнэ" }).click();
    await page.getByRole("button", { name: "Сургалтад буцаан оруулах" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Суралцагчийг сургалтад буцаан орууллаа." })).toBeVisible();
    await expect(page.getByRole("link", { name: "Сургалтаас хасах…" })).toBeVisible();
  });
});
