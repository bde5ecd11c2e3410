// A voucher from the demo's grants: seen in the ledger, on its customer's page and timeline, shown as
// a QR code, redeemed by its code typed the way a customer reads it out, in both languages.
import { expect, test } from "@playwright/test";
import { accounts, chooseLanguage, shoot, signIn } from "./support";

const SHOTS = "test-results/rewards";



test("a voucher shows on the customer page and timeline and is redeemed once by its code, in both languages", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.getByRole("link", { name: "Rewards", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Rewards ledger" })).toBeVisible();
  await page.getByLabel("Status").selectOption("ISSUED");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=ISSUED/);
  const row = page.getByRole("table").getByRole("row").filter({ hasText: /LC-[A-Z2-9]{4}-[A-Z2-9]{4}/ }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("Issued");
  await shoot(page, SHOTS, "ledger-en");
  const code = (await row.getByText(/^LC-/).innerText()).trim();
  const customerName = (await row.getByRole("link").innerText()).trim();

  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: customerName })).toBeVisible();
  const customerUrl = page.url();
  const voucher = page.getByTestId("grant").filter({ hasText: code });
  await expect(voucher).toContainText("Issued");
  await voucher.getByRole("button", { name: "Show QR code" }).click();
  await expect(page.getByRole("img", { name: `QR code of voucher ${code}` })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await page.getByRole("combobox", { name: /^Show/ }).selectOption("rewardGranted");
  await expect(timeline.getByText(code)).toBeVisible();
  await shoot(page, SHOTS, "customer-en");

  try {
    await chooseLanguage(page, "Language", "id");
    await expect(voucher).toContainText("Aktif");
    await shoot(page, SHOTS, "customer-id");
    await page.getByRole("link", { name: "Tukar kode" }).click();
    await expect(page.getByRole("heading", { name: "Tukar kode" })).toBeVisible();
    // Read out over the phone: lower case, spaces instead of dashes.
    await page.getByLabel("Kode voucher").fill(code.toLowerCase().replace(/-/g, " "));
    await page.getByRole("button", { name: "Cari" }).click();
    const found = page.getByTestId("found-voucher");
    await expect(found).toContainText(customerName);
    await expect(found).toContainText("Aktif");
    await shoot(page, SHOTS, "redeem-id");
    await found.getByRole("button", { name: "Tukarkan" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Berhasil ditukarkan" })).toBeVisible();
    await expect(found).toContainText("Sudah ditukar");
    await expect(found.getByRole("button", { name: "Tukarkan" })).toHaveCount(0);
  } finally {
    await chooseLanguage(page, "Bahasa", "en");
  }

  // The same code at another counter: already redeemed.
  await page.goto("/redeem");
  await page.getByLabel("Voucher code").fill(code);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByTestId("found-voucher")).toContainText("Redeemed");
  await expect(page.getByRole("button", { name: "Redeem", exact: true })).toHaveCount(0);
  await shoot(page, SHOTS, "redeem-en");

  await page.goto(customerUrl);
  await expect(page.getByTestId("grant").filter({ hasText: code })).toContainText("Redeemed");
  await page.getByRole("combobox", { name: /^Show/ }).selectOption("rewardRedeemed");
  await expect(page.getByRole("list", { name: "Timeline" }).getByText(`Voucher ${code} redeemed`, { exact: false })).toBeVisible();
});

test("points spent with a double click are spent once, and points granted read as added to the balance", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.goto("/rewards?status=ISSUED");
  const row = page.getByRole("table").getByRole("row").filter({ hasText: "Added to balance" }).first();
  await expect(row).toBeVisible();
  await row.getByRole("link").click();
  const balance = page.getByTestId("points-balance");
  await expect(balance).toBeVisible();
  const before = Number((await balance.innerText()).replace(/\D/g, ""));
  const reason = `double click ${Date.now()}`;
  const form = page.getByRole("form", { name: "Spend points" });
  await form.getByLabel("Points").fill("1");
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Spend" }).dblclick();
  // The English UI groups thousands with ",": "1,387".
  const after = new Intl.NumberFormat("en-US").format(before - 1);
  await expect(form.getByRole("status")).toHaveText(`Points spent. New balance: ${after}.`);
  await page.reload();
  await expect(page.getByTestId("points-balance")).toHaveText(`Balance: ${after} points`);
  await expect(page.getByText(reason)).toHaveCount(1);
});
