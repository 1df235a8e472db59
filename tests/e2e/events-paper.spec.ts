import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn, shooter } from "./sign-in";

const shoot = shooter("events-paper");
const dbFile = (process.env.E2E_DATABASE_URL ?? "file:data/e2e.sqlite").slice(5);

test("a trainer ticks off the paper sheet; the administrator decides on withdrawn credit and reads the events report", async ({ page, context }) => {
  // the 2023 Bayankhongor event of the demo: the roll was taken, and its first learners hold certificates
  const db = new Database(dbFile, { readonly: true });
  const event = db.prepare("select id from training_event where aimag_code = 'MN-069' and starts_at < '2024-01-01' limit 1").get() as { id: string };
  const sessions = db.prepare("select id from event_session where event_id = ? order by starts_at").all(event.id) as { id: string }[];
  const session = sessions[0];
  const certified = db
    .prepare(
      `select u.id, u.surname, u.given_name from users u join event_registration r on r.user_id = u.id
       join certificate c on c.user_id = u.id and c.revoked_at is null
       where r.event_id = ? and r.status = 'registered' order by u.surname limit 1`,
    )
    .get(event.id) as { id: string; surname: string; given_name: string };
  db.close();

  await signIn(page, "trainer@erdem.mn");
  await page.goto(`/events/${event.id}/sessions/${session.id}/sheet`);
  await expect(page.getByRole("heading", { name: "Цаасан ирцийн хуудсыг тэмдэглэх" })).toBeVisible();
  await expectAccessible(page);
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Ирцийн хуудас татах (PDF)" }).click()]);
  expect(pdf.suggestedFilename()).toBe("erdem-sheet-2023-11-20-MN-069.pdf");
  await shoot(page, "tick-sheet");

  // the sheets of the first two sessions came back without their signature: the trainer says so
  // explicitly, and their attendance falls below the threshold after the certificate was issued
  for (const s of sessions.slice(0, 2)) {
    await page.goto(`/events/${event.id}/sessions/${s.id}/sheet`);
    const box = page.getByRole("checkbox", { name: new RegExp(`${certified.surname} ${certified.given_name}`) });
    await expect(box).toBeChecked();
    await box.uncheck();
    await page.getByRole("checkbox", { name: /Сонгоогүй хүмүүсийг «Ирээгүй» болгох/ }).check();
    await page.getByRole("button", { name: "Ирцийг хадгалах" }).click();
    await expect(page.getByText(/Ирц хадгалагдлаа: 0 хүн ирсэн, 1 хүн ирээгүй/)).toBeVisible();
  }
  await context.clearCookies();

  // the administrator: the flag on the administration home, the review page, the decision
  await signIn(page, "admin@erdem.mn");
  await page.goto("/admin");
  await page.getByRole("link", { name: /Ирцийн засвар шалгах \(1\)/ }).click();
  await expect(page.getByRole("heading", { name: "Ирцийн засвар ба гэрчилгээ" })).toBeVisible();
  await expect(page.getByText(`${certified.surname} ${certified.given_name}`)).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "credit-reviews");
  await page.getByRole("button", { name: "Гэрчилгээг хүчингүй болгох" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Энэ талбарыг бөглөнө үү." })).toBeVisible();
  await page.getByLabel("Шалтгаан").fill("Ирцийн хуудсанд гарын үсэг зураагүй");
  await page.getByRole("button", { name: "Гэрчилгээг хүчингүй болгох" }).click();
  await expect(page.getByText("Гэрчилгээг хүчингүй болголоо.")).toBeVisible();
  await expect(page.getByText("Шийдвэр хүлээж буй засвар алга.")).toBeVisible();

  // the events report, from the reports navigation
  await page.goto("/admin/reports");
  await page.getByRole("navigation", { name: "Тайлангийн төрөл" }).getByRole("link", { name: "Сургалтын арга хэмжээ" }).click();
  await expect(page.getByRole("heading", { name: "Танхимын сургалтын тайлан" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Баянхонгор/ })).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "events-report");
  await page.getByLabel("Бүлэглэх").selectOption({ label: "Зорилтот бүлэг" });
  await page.getByRole("button", { name: "Харуулах" }).click();
  await expect(page.getByText(/хэд хэдэн бүлэгт зориулсан/)).toBeVisible();
  await shoot(page, "events-report-audience");
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Excel татах" }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^erdem-events-audience-all-\d{4}-\d{2}-\d{2}\.xlsx$/);
});
