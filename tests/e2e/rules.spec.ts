// The rule builder (issue 13 item 3): an owner creates a reward rule, reads its summary in English
// and in Bahasa Indonesia, and activates it; a manager sees it read-only. (Granting is the engine's
// and tested there.)
import { expect, test, type Page } from "@playwright/test";
import { accounts, signIn, signOut } from "./support";

const NAME = `Third purchase voucher ${Date.now().toString(36)}`;

async function chooseLanguage(page: Page, label: "Language" | "Bahasa", locale: "en" | "id") {
  await page.getByLabel(label).selectOption(locale);
  await expect(page.getByLabel(locale === "en" ? "Language" : "Bahasa")).toBeVisible();
}

test("an owner builds a reward rule, reads it in both languages and activates it; a manager only reads it", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rules" }).click();
  await expect(page.getByRole("heading", { name: "Rules", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "New reward rule" }).click();
  await expect(page.getByRole("heading", { name: "New reward rule" })).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill(NAME);
  // The first condition is "number of purchases at least …".
  await page.getByLabel("Number", { exact: true }).fill("3");
  await page.getByLabel("Within (days)").fill("90");
  await page.getByRole("textbox", { name: "Voucher value" }).fill("50.000");
  await page.getByLabel("Valid for (days)").fill("30");
  await page.getByLabel("At most (grants)").fill("200");

  const summary = page.getByRole("region", { name: "In plain words" });
  const english = "When a customer makes their 3rd purchase within 90 days, give a Rp 50.000 voucher valid 30 days, once per customer; at most 200 vouchers";
  await expect(summary).toHaveText(`In plain words${english}`);

  // A field error names the field and goes away once fixed.
  await page.getByLabel("Valid for (days)").fill("0");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByText("Enter 1 to 3,650 days")).toBeVisible();
  await page.getByLabel("Valid for (days)").fill("30");
  await page.getByRole("button", { name: "Create draft" }).click();

  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(summary).toHaveText(`In plain words${english}`);
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();

  await chooseLanguage(page, "Language", "id");
  await expect(page.getByRole("region", { name: "Dalam kalimat" })).toHaveText(
    "Dalam kalimatSaat pelanggan melakukan pembelian ke-3 dalam 90 hari, beri voucher Rp 50.000 berlaku 30 hari, sekali per pelanggan; maksimal 200 voucher",
  );
  await page.getByRole("button", { name: "Aktifkan" }).click();
  await expect(page.getByText("Aktif", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Jeda" })).toBeVisible();
  await chooseLanguage(page, "Bahasa", "en");
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await signOut(page);

  await signIn(page, accounts.manager);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rules" }).click();
  const row = page.getByRole("row").filter({ hasText: NAME });
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await expect(row).toContainText(english);
  await expect(page.getByRole("link", { name: "New reward rule" })).toHaveCount(0);
  await row.getByRole("link", { name: NAME }).click();
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(page.getByText("You can view the rules; only owners can change them.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Versions" })).toBeVisible();
});
