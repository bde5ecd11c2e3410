// The loyalty flow of issue 13 end to end, as an owner: build a reward rule in the rule builder and
// read its summary in English and Bahasa Indonesia, activate it, log the purchases that qualify a new
// customer, see the voucher on the customer page, timeline and ledger (in both languages), redeem it
// by its code as read out, and see a second redemption of the same code refused.
import { expect, test, type Page } from "@playwright/test";
import { accounts, chooseLanguage, shoot, signIn } from "./support";

const STAMP = Date.now().toString(36);
const RULE = `Second purchase voucher ${STAMP}`;
const CUSTOMER = `Sari Wijaya ${STAMP}`;
const SUMMARY_EN = "When a customer makes their 2nd purchase, give a Rp 50,000 voucher valid 30 days, once per customer";
const SUMMARY_ID = "Saat pelanggan melakukan pembelian ke-2, beri voucher Rp 50.000 berlaku 30 hari, sekali per pelanggan";
const SHOTS = "test-results/reward-flow";

/** "Valid 30 days": the end of the business day (Asia/Jakarta) 30 days after today, as the UI
 * writes a date ("30 Dec 2026" / "30 Des 2026"). */
function expiryDay(locale: "en" | "id"): string {
  const in30Days = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "id-ID", { dateStyle: "medium", timeZone: "Asia/Jakarta" }).format(in30Days);
}



/** The language is the staff member's setting: put the owner back in English whatever happened. */
async function backToEnglish(page: Page) {
  if (await page.getByLabel("Bahasa").isVisible()) await chooseLanguage(page, "Bahasa", "en");
}

async function logPurchase(page: Page, amount: string) {
  await page.getByLabel("Channel", { exact: true }).selectOption("STORE");
  await page.getByLabel("What happened").selectOption("PURCHASE");
  await page.getByLabel(/^Amount/).fill(amount);
  await page.getByRole("button", { name: "Log touchpoint" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Touchpoint logged" })).toBeVisible();
}

/** The ledger filtered to this test's customer; returns its one row. */
async function ledgerRow(page: Page, customerLabel: string, apply: string) {
  await page.getByLabel(customerLabel).fill(CUSTOMER);
  await page.getByRole("button", { name: apply }).click();
  await expect(page).toHaveURL(/customer=/);
  const rows = page.getByRole("table").getByRole("row").filter({ hasText: RULE });
  await expect(rows).toHaveCount(1);
  return rows;
}

test("an owner's reward rule, read in both languages, grants a voucher on the 2nd purchase that is redeemed once", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signIn(page, accounts.owner);
  try {
    // ---- The rule ----
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rules" }).click();
    await page.getByRole("link", { name: "New reward rule" }).click();
    await expect(page.getByRole("heading", { name: "New reward rule" })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill(RULE);
    // The first condition is "number of purchases at least …"; the reward a voucher, once per customer.
    await page.getByLabel("Number", { exact: true }).fill("2");
    await page.getByRole("textbox", { name: "Voucher value" }).fill("50.000");
    await page.getByLabel("Valid for (days)").fill("30");
    const summary = page.getByRole("region", { name: "In plain words" });
    await expect(summary).toHaveText(`In plain words${SUMMARY_EN}`);
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page.getByRole("heading", { name: RULE })).toBeVisible();
    await expect(summary).toHaveText(`In plain words${SUMMARY_EN}`);
    // The status beside the form (the rule's history below it names statuses too).
    await expect(page.getByRole("complementary").getByText("Draft", { exact: true })).toBeVisible();

    await chooseLanguage(page, "Language", "id");
    await expect(page.getByRole("region", { name: "Ringkasan" })).toHaveText(`Ringkasan${SUMMARY_ID}`);
    await expect(page.getByRole("complementary").getByText("Draf", { exact: true })).toBeVisible();
    await chooseLanguage(page, "Bahasa", "en");

    await page.getByRole("button", { name: "Activate" }).click();
    await expect(page.getByRole("complementary").getByText("Active", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();

    // ---- A new customer's purchases ----
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
    await page.getByRole("link", { name: "New customer" }).click();
    const form = page.getByRole("form", { name: "New customer" });
    await form.getByLabel("Name", { exact: true }).fill(CUSTOMER);
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name: CUSTOMER })).toBeVisible();
    const customerUrl = page.url();
    const rewards = page.getByRole("region", { name: "Rewards", exact: true });
    // Other active rules (the demo's) may reward this customer too: the voucher is the one of RULE.
    const voucher = rewards.getByTestId("grant").filter({ hasText: RULE });

    await logPurchase(page, "150.000");
    await expect(page.getByTestId("purchases").locator("dd")).toHaveText("1");
    await expect(voucher).toHaveCount(0);
    await logPurchase(page, "200.000");
    await expect(page.getByTestId("purchases").locator("dd")).toHaveText("2");

    // ---- The voucher on the customer page and timeline ----
    await expect(voucher).toHaveCount(1);
    const code = (await voucher.getAttribute("data-code")) ?? "";
    expect(code).toMatch(/^LC-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    await expect(voucher.getByText(code, { exact: true })).toBeVisible();
    await expect(voucher).toContainText("Issued");
    await expect(voucher).toContainText(/Rp\s50,000/);
    await expect(voucher).toContainText(`${RULE} · Expires: ${expiryDay("en")}`);
    const timeline = page.getByRole("list", { name: "Timeline" });
    await page.getByRole("combobox", { name: /^Show/ }).selectOption("rewardGranted");
    await expect(timeline.locator('[data-kind="rewardGranted"]').filter({ hasText: code })).toHaveText(
      new RegExp(`Reward granted: ${RULE} Rp\\s50,000 · ${code}`),
    );
    await shoot(page, SHOTS, "customer-issued-en");

    // ---- The ledger, in both languages ----
    await page.getByRole("link", { name: "Rewards", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Rewards ledger" })).toBeVisible();
    const row = await ledgerRow(page, "Customer name", "Apply");
    await expect(row).toContainText(code);
    await expect(row).toContainText("Issued");
    await expect(row).toContainText(/Rp\s50,000/);
    await chooseLanguage(page, "Language", "id");
    await expect(page.getByRole("heading", { name: "Daftar hadiah" })).toBeVisible();
    await expect(row).toContainText("Aktif");
    await expect(row).toContainText(expiryDay("id"));

    await page.goto(customerUrl);
    const hadiah = page.getByRole("region", { name: "Hadiah", exact: true });
    const voucherId = hadiah.getByTestId("grant").filter({ hasText: RULE });
    await expect(voucherId).toContainText("Aktif");
    await expect(voucherId).toContainText(`${RULE} · Berlaku sampai: ${expiryDay("id")}`);
    await expect(voucherId.getByRole("button", { name: `Tukarkan ${code}` })).toBeVisible();
    await page.getByRole("combobox", { name: /^Tampilkan/ }).selectOption("rewardGranted");
    await expect(page.getByRole("list", { name: "Linimasa" }).locator('[data-kind="rewardGranted"]').filter({ hasText: code })).toContainText(
      `Hadiah diberikan: ${RULE}`,
    );
    await shoot(page, SHOTS, "customer-issued-id");
    await chooseLanguage(page, "Bahasa", "en");

    // A second counter has the customer page open, still showing the voucher as issued.
    const otherCounter = await context.newPage();
    await otherCounter.goto(customerUrl);
    const staleVoucher = otherCounter.getByTestId("grant").filter({ hasText: RULE });
    await expect(staleVoucher).toContainText("Issued");

    // ---- Redeemed by its code, read out over the phone: lower case, spaces for dashes ----
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Redeem a code" }).click();
    await expect(page.getByRole("heading", { name: "Redeem a code" })).toBeVisible();
    await page.getByLabel("Voucher code").fill(` ${code.toLowerCase().replace(/-/g, " ")} `);
    await page.getByRole("button", { name: "Find" }).click();
    const found = page.getByTestId("found-voucher");
    await expect(found).toContainText(CUSTOMER);
    await expect(found).toContainText(code);
    await expect(found).toContainText("Issued");
    await found.getByRole("button", { name: "Redeem", exact: true }).click();
    await expect(found.getByRole("status")).toHaveText("Redeemed. Hand over the reward.");
    await expect(found).toContainText("Redeemed");
    await expect(found.getByRole("button", { name: "Redeem", exact: true })).toHaveCount(0);

    // ---- A second redemption of the same code is refused ----
    await staleVoucher.getByRole("button", { name: `Redeem ${code}` }).click();
    await expect(staleVoucher.getByRole("alert")).toHaveText("Already redeemed");
    await otherCounter.reload();
    await expect(otherCounter.getByTestId("grant").filter({ hasText: RULE })).toContainText("Redeemed");
    await expect(otherCounter.getByRole("button", { name: `Redeem ${code}` })).toHaveCount(0);
    await otherCounter.close();

    await page.goto(customerUrl);
    await expect(voucher).toContainText("Redeemed");
    await expect(voucher).toContainText(/Redeemed: .+ · by /);
    await page.getByRole("combobox", { name: /^Show/ }).selectOption("rewardRedeemed");
    await expect(timeline.locator('[data-kind="rewardRedeemed"]')).toContainText(`Voucher ${code} redeemed: ${RULE}`);
    await shoot(page, SHOTS, "customer-redeemed-en");

    await page.getByRole("link", { name: "Rewards", exact: true }).click();
    await expect(await ledgerRow(page, "Customer name", "Apply")).toContainText("Redeemed");
    await chooseLanguage(page, "Language", "id");
    await expect(await ledgerRow(page, "Nama pelanggan", "Terapkan")).toContainText("Sudah ditukar");
    await page.goto(customerUrl);
    await expect(page.getByRole("region", { name: "Hadiah", exact: true }).getByTestId("grant").filter({ hasText: RULE })).toContainText("Sudah ditukar");
    await shoot(page, SHOTS, "customer-redeemed-id");
  } finally {
    await backToEnglish(page);
  }
});
