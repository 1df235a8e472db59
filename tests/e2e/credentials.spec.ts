// A digital credential checked on /verify before and after its certificate is revoked: the colour
// and the words follow the certificate's state, never a green box for a revoked one.
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";

test("an uploaded credential shows valid, then revoked once an administrator revokes the certificate", async ({ page, browser }) => {
  await page.goto("/login");
  await page.getByLabel("Цахим шуудан").fill("admin@erdem.mn");
  await page.getByLabel("Нууц үг").fill("erdem-demo-2026");
  await page.getByRole("button", { name: "Нэвтрэх" }).click();
  // the sign-in must land before the next navigation, or it would be cancelled
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.goto("/admin/certificates?q=solongo%40erdem.mn");
  const item = page.locator("li.card").first();
  const verifyHref = await item.getByRole("link", { name: "Баталгаажуулах хуудас" }).getAttribute("href");
  const code = verifyHref!.split("/").pop()!;

  // the administrator downloads the credential (as its holder would); a stranger checks it
  const download = await page.request.get(`/verify/${code}/credential`);
  expect(download.status()).toBe(200);
  const anonymous = await browser.newContext({ locale: "mn-MN" });
  const visitor = await anonymous.newPage();
  const jwt = await download.text();
  const upload = async () => {
    await visitor.goto("/verify");
    await visitor.getByLabel("Гэрчилгээний файл").setInputFiles({ name: "credential.jwt", mimeType: "application/jwt", buffer: Buffer.from(jwt) });
    await visitor.getByRole("button", { name: "Шалгах" }).click();
  };

  await upload();
  const valid = visitor.locator("[data-state]");
  await expect(valid).toHaveAttribute("data-state", "valid");
  await expect(visitor.getByRole("status")).toContainText("Энэ гэрчилгээ хүчинтэй.");
  await expect(valid).toHaveClass(/bg-success-light/);

  await item.locator("summary", { hasText: "Хүчингүй болгох" }).click();
  await item.getByLabel("Шалтгаан").fill("Буруу олгосон");
  await item.locator("button[type=submit]", { hasText: "Хүчингүй болгох" }).click();
  await expect(page.getByRole("status")).toHaveText("Гэрчилгээ хүчингүй боллоо.");

  await upload();
  const revoked = visitor.locator("[data-state]");
  await expect(revoked).toHaveAttribute("data-state", "revoked");
  await expect(visitor.getByRole("alert")).toContainText("Энэ гэрчилгээ хүчингүй болсон.");
  await expect(visitor.getByRole("alert")).toContainText("Гарын үсэг зөв боловч энэ гэрчилгээ хүчингүй болсон");
  await expect(revoked).toHaveClass(/bg-danger-light/);
  await expect(revoked).not.toHaveClass(/success/);
  await expectAccessible(visitor);
  await visitor.screenshot({ path: "test-results/credential-revoked.png", fullPage: true });

  // no fresh credential for a revoked certificate
  expect((await page.request.get(`/verify/${code}/credential`)).status()).toBe(410);
  await anonymous.close();
});
