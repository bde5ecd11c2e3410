import { expect, test, type Page } from "@playwright/test";
import { accounts, signIn } from "./support";

async function newCustomer(page: Page) {
  await page.getByRole("link", { name: "New customer" }).click();
  const form = page.getByRole("form", { name: "New customer" });
  await expect(form).toBeVisible();
  const name = `Dewi Lestari ${Date.now()}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

async function chooseLanguage(page: Page, label: "Language" | "Bahasa", locale: "en" | "id", heading: string) {
  await page.getByLabel(label).selectOption(locale);
  await expect(page.getByRole("heading", { name: heading })).toBeVisible();
}

test("amounts typed the Indonesian and the English way both mean Rp 250.000, each shown as its language writes it, and a refund shows as a refund", async ({ page }) => {
  await signIn(page, accounts.sales);
  await newCustomer(page);
  const timeline = page.getByRole("list", { name: /Timeline|Linimasa/ });
  const netSpend = page.getByTestId("lifetime-value").locator("dd");
  const purchases = page.getByTestId("purchases").locator("dd");

  try {
    await chooseLanguage(page, "Language", "id", "Catat titik kontak");
    await page.getByLabel("Kanal", { exact: true }).selectOption("WHATSAPP");
    await page.getByLabel("Apa yang terjadi").selectOption("PURCHASE");
    // A fraction of a rupiah is refused next to the field, before anything is sent.
    await page.getByLabel(/^Jumlah/).fill("150000,5");
    await page.getByRole("button", { name: "Catat titik kontak" }).click();
    await expect(page.getByText("Tanpa sen: tulis misalnya 150.000, bukan 150.000,5")).toBeVisible();
    await page.getByLabel(/^Jumlah/).fill("Rp 250.000");
    await page.getByRole("button", { name: "Catat titik kontak" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Titik kontak tercatat" })).toBeVisible();
    await expect(timeline.locator('[data-type="PURCHASE"]')).toHaveCount(1);
    await expect(timeline.locator('[data-type="PURCHASE"] [data-testid="amount"]')).toHaveText(/^Rp\s250\.000$/);
    await expect(netSpend).toHaveText(/^Rp\s250\.000$/);
  } finally {
    await chooseLanguage(page, "Bahasa", "en", "Log a touchpoint");
  }

  await page.getByLabel("Channel", { exact: true }).selectOption("MARKETPLACE");
  await page.getByLabel("What happened").selectOption("PURCHASE");
  await page.getByLabel(/^Amount/).fill("250,000");
  await page.getByRole("button", { name: "Log touchpoint" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Touchpoint logged" })).toBeVisible();
  await expect(timeline.locator('[data-type="PURCHASE"] [data-testid="amount"]')).toHaveText([/^Rp\s250,000$/, /^Rp\s250,000$/]);
  await expect(netSpend).toHaveText(/^Rp\s500,000$/);
  await expect(purchases).toHaveText("2");

  // A refund of part of the first purchase, linked to it.
  await page.getByLabel("What happened").selectOption("REFUND");
  await page.getByLabel(/^Amount/).fill("Rp 100.000");
  const link = page.getByLabel("Refunds which purchase");
  await expect(link.locator("option")).toHaveCount(3);
  await link.selectOption({ index: 2 });
  await page.getByRole("button", { name: "Log touchpoint" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Touchpoint logged" })).toBeVisible();

  const refund = timeline.locator('[data-type="REFUND"]');
  await expect(refund).toHaveCount(1);
  await expect(refund).toContainText("Refund");
  await expect(refund).not.toContainText("Purchase ");
  await expect(refund.locator('[data-testid="amount"]')).toHaveText(/^-Rp\s100,000$/);
  await expect(refund.locator('[data-testid="amount"]')).toHaveClass(/text-rose-700/);
  await expect(refund).toContainText(/refunds the purchase of .+ \(Rp\s250,000\)/);
  await expect(netSpend).toHaveText(/^Rp\s400,000$/);
  await expect(purchases).toHaveText("2");
});
