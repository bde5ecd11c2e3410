// Voiding a mistyped purchase from the customer's timeline: the reason is asked for, the touchpoint
// stays on the timeline struck through with its reason, and the figures are corrected at once.
import { expect, test, type Page } from "@playwright/test";
import { accounts, signIn } from "./support";

async function newCustomer(page: Page) {
  await page.getByRole("link", { name: "New customer" }).click();
  const form = page.getByRole("form", { name: "New customer" });
  await expect(form).toBeVisible();
  const name = `Rina Wulandari ${Date.now()}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

async function logPurchase(page: Page, amount: string) {
  await page.getByLabel("Channel", { exact: true }).selectOption("STORE");
  await page.getByLabel("What happened").selectOption("PURCHASE");
  await page.getByLabel(/^Amount/).fill(amount);
  await page.getByRole("button", { name: "Log touchpoint" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Touchpoint logged" })).toBeVisible();
}

test("a purchase logged with a mistyped amount is voided with a reason: struck through, out of the figures", async ({ page }, testInfo) => {
  await signIn(page, accounts.sales);
  await newCustomer(page);
  const timeline = page.getByRole("list", { name: /Timeline|Linimasa/ });
  const netSpend = page.getByTestId("lifetime-value").locator("dd");
  const purchases = page.getByTestId("purchases").locator("dd");
  const touchpoints = page.getByTestId("touchpoints").locator("dd");

  await logPurchase(page, "150.000");
  // One zero too many.
  await logPurchase(page, "1.500.000");
  await expect(netSpend).toHaveText(/^Rp\s1,650,000$/);
  await expect(purchases).toHaveText("2");

  const mistyped = timeline.locator('[data-type="PURCHASE"]').filter({ hasText: /Rp\s1,500,000/ });
  await mistyped.getByRole("button", { name: "Void" }).click();
  const dialog = page.getByRole("dialog", { name: "Void this touchpoint?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/Store · Purchase · Rp\s1,500,000/);
  // The reason is required.
  await dialog.getByRole("button", { name: "Void touchpoint" }).click();
  await expect(dialog.getByText("Required")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Typed one zero too many");
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: testInfo.outputPath("void-dialog-en-1366.png") });
  await dialog.getByRole("button", { name: "Void touchpoint" }).click();
  await expect(dialog).toBeHidden();

  const voided = timeline.locator('[data-voided="true"]');
  await expect(voided).toHaveCount(1);
  await expect(voided.getByTestId("voided")).toHaveText(/^Voided: Typed one zero too many · by /);
  await expect(voided.getByTestId("amount")).toHaveText(/^Rp\s1,500,000$/);
  await expect(voided.locator("p.line-through")).toHaveCount(1);
  await expect(voided.getByRole("button", { name: "Void" })).toHaveCount(0);
  await expect(netSpend).toHaveText(/^Rp\s150,000$/);
  await expect(purchases).toHaveText("1");
  await expect(touchpoints).toHaveText("1");
  // The other purchase can still be voided by who logged it.
  await expect(timeline.locator('[data-type="PURCHASE"]:not([data-voided])').getByRole("button", { name: "Void" })).toHaveCount(1);
  // The void is on the timeline as an edit too.
  await expect(timeline.locator('[data-kind="edit"]').filter({ hasText: "Touchpoint voided" })).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("voided-en-1366.png"), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel("Language").selectOption("id");
  try {
    await expect(page.getByRole("heading", { name: "Catat titik kontak" })).toBeVisible();
    await expect(voided.getByTestId("voided")).toHaveText(/^Dibatalkan: Typed one zero too many · oleh /);
    await timeline.locator('[data-type="PURCHASE"]:not([data-voided])').getByRole("button", { name: "Batalkan" }).click();
    const dialogId = page.getByRole("dialog", { name: "Batalkan titik kontak ini?" });
    await expect(dialogId).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("void-dialog-id-390.png") });
    await dialogId.getByRole("button", { name: "Tidak jadi" }).click();
    await expect(dialogId).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath("voided-id-390.png"), fullPage: true });
    await expect(netSpend).toHaveText(/^Rp\s150\.000$/);
  } finally {
    await page.getByLabel("Bahasa").selectOption("en");
    await expect(page.getByRole("heading", { name: "Log a touchpoint" })).toBeVisible();
  }
});
