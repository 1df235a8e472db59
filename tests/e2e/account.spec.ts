import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./axe";

const unique = () => `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.mn`;

async function fillRegistration(page: Page, email: string, password: string) {
  await page.getByLabel("Овог").fill("Гомбо");
  await page.getByLabel("Нэр", { exact: true }).fill("Үүрцайх");
  await page.getByLabel("Цахим шуудан").fill(email);
  await page.getByLabel("Нууц үг").fill(password);
  await page.getByLabel("Албан тушаал").fill("Сумын оператор");
  await page.getByLabel("Аймаг, нийслэл").selectOption({ label: "Баянхонгор" });
  await page.getByLabel("Сум, дүүрэг").selectOption({ label: "Бөмбөгөр" });
  await page.getByLabel("Байгууллага").selectOption({ label: "Баянхонгор аймгийн Бөмбөгөр сумын Засаг даргын Тамгын газар" });
}

test("register, log out, log in, switch to English — with JavaScript", async ({ page }) => {
  const email = unique();
  const password = "Хангайн нуруу 2026";
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "mn");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Бүртгүүлэх" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Бүртгүүлэх" })).toBeVisible();
  await expectAccessible(page);
  // an invalid submission: errors shown accessibly
  await page.getByLabel("Цахим шуудан").fill("not-an-email");
  await page.getByRole("button", { name: "Бүртгүүлэх" }).click();
  await expect(page.getByText("Цахим шуудангийн хаяг буруу байна.")).toBeVisible();
  await expectAccessible(page);
  // with JavaScript the sum list narrows to the chosen aimag
  await page.getByLabel("Аймаг, нийслэл").selectOption({ label: "Баянхонгор" });
  await expect(page.getByLabel("Сум, дүүрэг").locator("option")).toHaveCount(21);
  await fillRegistration(page, email, password);
  await page.getByRole("button", { name: "Бүртгүүлэх" }).click();
  await expect(page.getByRole("status")).toHaveText("Тавтай морил! Таны бүртгэл үүслээ.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Сайн байна уу, Г. Үүрцайх!");
  await expectAccessible(page);

  await page.locator("header summary").click();
  await page.getByRole("button", { name: "Гарах" }).click();
  await expect(page.getByRole("status")).toHaveText("Та системээс гарлаа.");

  await page.getByRole("link", { name: "Нэвтрэх" }).first().click();
  await expectAccessible(page);
  await page.getByLabel("Цахим шуудан").fill(email);
  await page.getByLabel("Нууц үг").fill("wrong password");
  await page.getByRole("button", { name: "Нэвтрэх" }).click();
  await expect(page.getByRole("alert")).toContainText("Цахим шуудан эсвэл нууц үг буруу байна.");
  await expect(page.getByLabel("Цахим шуудан")).toHaveValue(email);
  await page.getByLabel("Нууц үг").fill(password);
  await page.getByRole("button", { name: "Нэвтрэх" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Сайн байна уу, Г. Үүрцайх!");

  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello, Г. Үүрцайх!");
  await expect(page.getByRole("link", { name: "Монгол" })).toBeVisible();
  await expectAccessible(page);
  // the choice is kept in a cookie
  await page.goto("/profile");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
  await expectAccessible(page);
});

test("the registration form's steps as a browser without JavaScript gets them are accessible", async ({ page }) => {
  // axe runs in the page, so the page keeps JavaScript and the app's own scripts are refused
  await page.route("**/build/**/*.js", (route) => route.abort());
  await page.goto("/register");
  await page.getByLabel("Аймаг, нийслэл").selectOption({ label: "Дорноговь" });
  await expectAccessible(page);
  await page.getByRole("button", { name: "Сумдыг харуулах" }).click();
  await expect(page.getByLabel("Сум, дүүрэг").locator("option", { hasText: "Сайншанд" })).toHaveCount(1);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Бүртгүүлэх" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page);
});

// axe needs JavaScript in the page, so these pages are checked by the tests above with it on.
test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("registration in two steps: the aimag's sums, each error in Mongolian, everything kept but the password; profile edits save", async ({ page }) => {
    const email = unique();
    await page.goto("/register");
    // a submission with mistakes: each shown, the input kept
    await page.getByLabel("Овог").fill("Гомбо");
    await page.getByLabel("Цахим шуудан").fill("not-an-email");
    await page.getByLabel("Нууц үг").fill("short");
    await page.getByRole("button", { name: "Бүртгүүлэх" }).click();
    await expect(page.getByRole("alert")).toContainText("алдаа");
    await expect(page.getByText("Цахим шуудангийн хаяг буруу байна.")).toBeVisible();
    await expect(page.getByText("Нууц үг 8-аас 128 тэмдэгт байх ёстой.")).toBeVisible();
    await expect(page.getByText("Энэ талбарыг бөглөнө үү.").first()).toBeVisible();
    await expect(page.getByLabel("Овог")).toHaveValue("Гомбо");
    await expect(page.getByLabel("Цахим шуудан")).toHaveValue("not-an-email");
    await expect(page.getByLabel("Нууц үг")).toHaveValue("");

    // step one: the aimag; its sums and organisations come back with everything typed
    const sum = page.getByLabel("Сум, дүүрэг");
    await expect(sum.locator("option")).toHaveCount(1); // "choose" alone until an aimag is chosen
    await page.getByLabel("Нэр", { exact: true }).fill("Үүрцайх");
    await page.getByLabel("Албан тушаал").fill("Сумын оператор");
    await page.getByLabel("Аймаг, нийслэл").selectOption({ label: "Баянхонгор" });
    await page.getByRole("button", { name: "Сумдыг харуулах" }).click();
    await expect(sum.locator("option")).toHaveCount(21);
    await expect(sum.locator("option", { hasText: "Сайншанд" })).toHaveCount(0);
    await expect(page.getByRole("alert")).toHaveCount(0);
    await expect(page.getByLabel("Овог")).toHaveValue("Гомбо");
    await expect(page.getByLabel("Нэр", { exact: true })).toHaveValue("Үүрцайх");
    await expect(page.getByLabel("Албан тушаал")).toHaveValue("Сумын оператор");
    await expect(page.getByLabel("Цахим шуудан")).toHaveValue("not-an-email");

    // step two: the rest; a mistake keeps every field but the password
    await sum.selectOption({ label: "Бөмбөгөр" });
    const organisation = page.getByLabel("Байгууллага");
    await organisation.selectOption({ label: "Баянхонгор аймгийн Бөмбөгөр сумын Засаг даргын Тамгын газар" });
    await page.getByLabel("Нууц үг").fill("Тал нутгийн салхи");
    await page.getByRole("button", { name: "Бүртгүүлэх" }).click();
    await expect(page.getByText("Цахим шуудангийн хаяг буруу байна.")).toBeVisible();
    await expect(page.getByLabel("Овог")).toHaveValue("Гомбо");
    await expect(page.getByLabel("Нэр", { exact: true })).toHaveValue("Үүрцайх");
    await expect(page.getByLabel("Албан тушаал")).toHaveValue("Сумын оператор");
    await expect(page.getByLabel("Аймаг, нийслэл").locator("option:checked")).toHaveText("Баянхонгор");
    await expect(sum.locator("option:checked")).toHaveText("Бөмбөгөр");
    await expect(organisation.locator("option:checked")).toHaveText("Баянхонгор аймгийн Бөмбөгөр сумын Засаг даргын Тамгын газар");
    await expect(page.getByLabel("Цахим шуудан")).toHaveValue("not-an-email");
    await expect(page.getByLabel("Нууц үг")).toHaveValue("");
    await expect(page.getByText("Нууц үгийг аюулгүй байдлын үүднээс буцааж илгээдэггүй тул дахин оруулна уу.")).toBeVisible();

    // Enter in the last field registers (it does not take the step again)
    await page.getByLabel("Цахим шуудан").fill(email);
    await page.getByLabel("Нууц үг").fill("Тал нутгийн салхи");
    await page.getByLabel("Нууц үг").press("Enter");
    await expect(page.getByRole("status")).toHaveText("Тавтай морил! Таны бүртгэл үүслээ.");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Сайн байна уу, Г. Үүрцайх!");

    await page.goto("/profile");
    await page.getByLabel("Албан тушаал").fill("Ахлах мэргэжилтэн");
    await page.getByRole("button", { name: "Хадгалах" }).click();
    await expect(page.getByRole("status")).toHaveText("Мэдээлэл хадгалагдлаа.");
    await expect(page.getByLabel("Албан тушаал")).toHaveValue("Ахлах мэргэжилтэн");

    await page.getByLabel("Одоогийн нууц үг").fill("wrong password");
    await page.getByLabel("Шинэ нууц үг", { exact: true }).fill("Шинэ нууц үг 2026");
    await page.getByLabel("Шинэ нууц үгээ давтах").fill("Шинэ нууц үг 2026");
    await page.getByRole("button", { name: "Нууц үг солих" }).click();
    await expect(page.getByText("Одоогийн нууц үг буруу байна.")).toBeVisible();

    await page.getByRole("button", { name: "Бүх төхөөрөмжөөс гарах" }).click();
    await expect(page.getByRole("status")).toHaveText("Бүх төхөөрөмжөөс гарлаа. Дахин нэвтэрнэ үү.");
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprofile/);
  });

  test("?lng=en serves English and is remembered", async ({ page }) => {
    await page.goto("/login?lng=en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
    await page.goto("/register");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register");
  });
});

test("an English browser still gets Mongolian until the reader chooses English", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "mn");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Нэвтрэх");
  // the language switch is a plain link to /language
  await page.goto("/language?lng=en&redirectTo=/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  await page.goto("/courses");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await context.close();
});

test("administrators manage users; a learner is refused", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/login");
  await page.getByLabel("Цахим шуудан").fill("admin@erdem.mn");
  await page.getByLabel("Нууц үг").fill("erdem-demo-2026");
  await page.getByRole("button", { name: "Нэвтрэх" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Сайн байна уу, Г. Сарангэрэл!");
  await page.getByRole("link", { name: "Удирдлага" }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Хэрэглэгчид" }).click();
  await page.getByLabel("Нэр эсвэл цахим шуудангаар хайх").fill("ариунаа");
  await page.getByRole("button", { name: "Хайх" }).click();
  await page.getByRole("link", { name: "Цэрэн Ариунаа" }).click();
  await expectAccessible(page);
  await page.getByLabel("Сургагч багш").check();
  await page.getByRole("button", { name: "Эрх хадгалах" }).click();
  await expect(page.getByRole("status")).toHaveText("Эрх шинэчлэгдлээ.");
  // a one-time password reset link, to hand over; kept for the end of the test
  await page.getByRole("button", { name: "Холбоос үүсгэх" }).click();
  const resetLink = await page.getByLabel("Нэг удаагийн холбоос (зөвхөн одоо харагдана)").inputValue();
  expect(resetLink).toMatch(/\/reset-password\/[a-z2-7]{32}$/);
  await page.goto("/admin/audit");
  // each entry is a sentence, with its kind named beside it
  await expect(page.getByText("Нууц үг сэргээх холбоос үүсгэсэн", { exact: true })).toBeVisible();
  await expect(page.getByText("Эрх өөрчилсөн", { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  await page.goto("/admin/certificates");
  await expectAccessible(page);
  await page.goto("/admin/sums?aimag=MN-069");
  await expectAccessible(page);
  await page.goto("/admin/organisations");
  await expectAccessible(page);

  const learner = await page.context().browser()!.newContext({ locale: "mn-MN" });
  const lp = await learner.newPage();
  await lp.goto("/login");
  await lp.getByLabel("Цахим шуудан").fill("learner@erdem.mn");
  await lp.getByLabel("Нууц үг").fill("erdem-demo-2026");
  await lp.getByRole("button", { name: "Нэвтрэх" }).click();
  await expect(lp.getByRole("heading", { level: 1 })).toHaveText("Сайн байна уу, Ц. Ариунаа!");
  const res = await lp.goto("/admin/users");
  expect(res?.status()).toBe(403);
  await expect(lp.getByRole("heading", { level: 1 })).toHaveText("Хандах эрхгүй");
  await learner.close();

  // the learner opens the reset link and signs in with the new password
  const anonymous = await page.context().browser()!.newContext({ locale: "mn-MN" });
  const ap = await anonymous.newPage();
  await ap.goto(resetLink);
  await expectAccessible(ap);
  await ap.locator("input[name=newPassword]").fill("Шинэ нууц үг 2026");
  await ap.getByLabel("Шинэ нууц үгээ давтах").fill("Шинэ нууц үг 2026");
  await ap.getByRole("button", { name: "Нууц үгээ хадгалах" }).click();
  await expect(ap.getByRole("status")).toHaveText("Шинэ нууц үг хадгалагдлаа. Одоо нэвтэрнэ үү.");
  await ap.getByLabel("Цахим шуудан").fill("learner@erdem.mn");
  await ap.getByLabel("Нууц үг").fill("Шинэ нууц үг 2026");
  await ap.getByRole("main").getByRole("button", { name: "Нэвтрэх" }).click();
  await expect(ap.getByRole("heading", { level: 1 })).toHaveText("Сайн байна уу, Ц. Ариунаа!");
  await anonymous.close();
});

test("a cross-origin POST is refused with 403", async ({ request }) => {
  const res = await request.post("/logout", { headers: { Origin: "https://evil.example" } });
  expect(res.status()).toBe(403);
});

test("unknown pages get a friendly 404 in the reader's language", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Хуудас олдсонгүй");
  await expect(page).toHaveTitle("Хуудас олдсонгүй — Эрдэм");
  await expectAccessible(page);
});

test("/healthz reports the database", async ({ request }) => {
  const res = await request.get("/healthz");
  expect(await res.json()).toMatchObject({ status: "ok", database: { engine: "sqlite", status: "ok" } });
});
