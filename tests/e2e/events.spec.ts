// A coordinator plans a training event with two sessions for a course, a learner registers
// herself, and the coordinator registers a colleague on the people page; both appear on the list.
import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn } from "./sign-in";

async function logOut(page: Page) {
  await page.getByRole("banner").locator("summary").click();
  await page.getByRole("button", { name: "Гарах" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

test("a coordinator plans an event, a learner registers, the coordinator registers a colleague", async ({ page }) => {
  const year = new Date().getUTCFullYear() + 1;
  const title = `Операторын танхимын сургалт ${Date.now()}`;
  await signIn(page, "coordinator@erdem.mn");
  await page.goto("/events");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Шинэ сургалт" }).click();
  await expect(page.getByRole("heading", { name: "Шинэ сургалт төлөвлөх" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Нэр (монголоор)").fill(title);
  await page.getByLabel("Нэр (англиар)").fill("Operator training");
  await page.getByLabel("Байршил").fill("Баянхонгор аймгийн ЗДТГ, 2 давхар");
  await page.getByLabel("Сумын оператор", { exact: true }).check();
  await page.getByLabel("Суудлын тоо").fill("30");
  await page.getByLabel("Сумын оператор, Хурдан цэгийн албан хаагчдад зориулсан E-Mongolia үйлчилгээ").check();
  const rows = page.getByRole("group", { name: /-р өдөр/ });
  await rows.nth(0).getByLabel("Огноо").fill(`${year}-04-14`);
  await rows.nth(0).getByLabel("Эхлэх цаг").fill("09:00");
  await rows.nth(0).getByLabel("Дуусах цаг").fill("17:00");
  await rows.nth(1).getByLabel("Огноо").fill(`${year}-04-15`);
  await rows.nth(1).getByLabel("Эхлэх цаг").fill("09:00");
  await rows.nth(1).getByLabel("Дуусах цаг").fill("13:00");
  await rows
    .nth(1)
    .getByLabel(/QR кодоор/)
    .check();
  await page.getByRole("button", { name: "Сургалт үүсгэх" }).click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  const eventUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByText(/2 өдрөөс дор хаяж 2/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Ирц бүртгэх" })).toHaveCount(2);
  await expect(page.getByRole("link", { name: "QR кодоор бүртгэх" })).toHaveCount(1);
  await expectAccessible(page);
  await logOut(page);

  // not learner@erdem.mn: the account journey changes her password
  await signIn(page, "bayankhongor.3@erdem.mn");
  await page.goto(eventUrl);
  await page.getByRole("button", { name: "Бүртгүүлэх" }).click();
  await expect(page.getByText("Та сургалтад бүртгүүллээ.")).toBeVisible();
  await expect(page.getByText("Та энэ сургалтад бүртгүүлсэн.")).toBeVisible();
  await expectAccessible(page);
  await page.goto("/events");
  await expect(page.getByRole("region", { name: "Миний бүртгэл" }).getByRole("link", { name: title })).toBeVisible();
  await logOut(page);

  await signIn(page, "coordinator@erdem.mn");
  await page.goto(eventUrl);
  await page.getByRole("link", { name: "Оролцогчид" }).click();
  await page.getByRole("textbox", { name: "Цахим шуудан" }).fill("ganzorig@erdem.mn");
  await page.getByRole("region", { name: "Цахим шуудангаар бүртгэх" }).getByRole("button", { name: "Бүртгэх" }).click();
  await expect(page.getByText(/Бүртгэгдсэн: 1/)).toBeVisible();
  const registered = page.getByRole("region", { name: /Бүртгүүлсэн/ });
  await expect(registered.getByText("Түмэнбаяр Уянга")).toBeVisible();
  await expect(registered.getByText("Лхагва Ганзориг")).toBeVisible();
  await expectAccessible(page);

  await page.goto(`${eventUrl}/edit`);
  await expect(page.getByLabel("Нэр (монголоор)")).toHaveValue(title);
  await expectAccessible(page);

  // the campaigns: the month calendar and the aimag tiles, each tile leading to that aimag's events
  await page.goto("/campaigns");
  await expectAccessible(page);
  await page.getByRole("main").getByRole("listitem").first().getByRole("link").click();
  await expect(page.getByRole("table")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /^Баянхонгор: \d+ сургалт$/ }).click();
  await expect(page).toHaveURL(/\/events\?campaign=.+&aimag=MN-069/);
  await expectAccessible(page);
});
