// CSV import in the browser (issue 15 item 4) as a manager meets it: from the customer table's
// "Import CSV", a shop's file with Indonesian headers, one column the automatic map does not know
// (chosen by hand) and one bad e-mail; the report names that row and field; the import skips it and
// the new customers are in the table. With IMPORT_SHOTS=1, a second test imports ~20,000 rows in
// English and in Indonesian and keeps screenshots of each step in test-results/import.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { accounts, chooseLanguage, shoot, signIn } from "./support";

const SHOTS = "test-results/import";

function writeCsv(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-import-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test("MANAGER imports a CSV: maps an unknown column, sees the bad row in the report, imports the rest", async ({ page }) => {
  test.setTimeout(120_000);
  const file = writeCsv(
    "pelanggan-toko.csv",
    "\uFEFF" +
      [
        "Nama Pelanggan;No HP;Email;Kota;Golongan Belanja",
        "Wulan Impor Satu;0812-7000-1001;wulan.impor@contoh.id;Bandung;grosir",
        "Rina Impor Dua;0812-7000-1002;rina@bukan-email;Depok;eceran",
        "Bayu Impor Tiga;0812-7000-1003;bayu.impor@contoh.id;Jakarta;grosir",
      ].join("\r\n") +
      "\r\n",
  );

  await signIn(page, accounts.manager);
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import from a CSV file" })).toBeVisible();
  await page.getByLabel("Source name").fill("toko-e2e");
  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and check" }).click();

  // The automatic map knows the Indonesian headers but not "Golongan Belanja": chosen by hand.
  await expect(page.getByRole("combobox", { name: "Field for the column “Nama Pelanggan”" })).toHaveValue("name");
  await expect(page.getByRole("combobox", { name: "Field for the column “No HP”" })).toHaveValue("phone");
  const unknown = page.getByRole("combobox", { name: "Field for the column “Golongan Belanja”" });
  await expect(unknown).toHaveValue("ignore");
  await unknown.selectOption("segment");
  await expect(unknown).toHaveValue("segment");

  // The report: 3 rows, 2 valid, the bad e-mail on spreadsheet row 3.
  const report = page.getByRole("region", { name: "3. Check" });
  await expect(report.getByRole("button", { name: "Import 2 valid rows" })).toBeEnabled();
  const problems = report.getByRole("table", { name: "Problems found in the file" });
  const bad = problems.getByRole("row").nth(1);
  await expect(bad.getByRole("cell")).toHaveText(["3", "Email", "Not an email address", "rina@bukan-email"]);
  await expect(report.getByText("1 row with problems will be skipped")).toBeVisible();

  await report.getByRole("button", { name: "Import 2 valid rows" }).click();
  const result = page.getByRole("region", { name: "Import finished" });
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result.getByText("Created")).toBeVisible();
  await expect(result.locator("dd").first()).toHaveText("2");

  await result.getByRole("link", { name: "Open the customer table" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  await page.getByRole("searchbox").fill("Impor");
  await expect(page).toHaveURL(/[?&]search=Impor/);
  const table = page.getByRole("table");
  await expect(table.getByRole("link", { name: "Wulan Impor Satu" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Bayu Impor Tiga" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Rina Impor Dua" })).toHaveCount(0);
});

test("SALES see no Import link and the import page is not found for them", async ({ page }) => {
  await signIn(page, accounts.sales);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Import CSV" })).toHaveCount(0);
  const response = await page.goto("/customers/import");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Import from a CSV file" })).toHaveCount(0);
});

/** ~`rows` customers with Indonesian headers, one unknown column and a bad e-mail every 500 rows. */
function bigCsv(rows: number, prefix: string): string {
  // Each file its own unknown header, so that no map is remembered from an earlier import.
  const lines = [`Nama Pelanggan;No HP;Email;Kota;${prefix === "en" ? "Kelas Belanja" : "Tingkat Belanja"}`];
  const cities = ["Bandung", "Jakarta Selatan", "Surabaya", "Depok", "Medan"];
  for (let i = 1; i <= rows; i++) {
    const email = i % 500 === 7 ? `${prefix}${i}@bukan` : `${prefix}${i}@contoh.id`;
    lines.push(`${prefix.toUpperCase()} Pelanggan ${i};08${prefix === "en" ? "13" : "57"}${String(10_000_000 + i)};${email};${cities[i % 5]};${i % 3 ? "grosir" : "eceran"}`);
  }
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

async function shootSteps(page: Page, lang: "en" | "id", file: string) {
  await page.goto("/customers/import");
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.locator('section[aria-labelledby="import-setup"] button.btn-primary').click();
  const unknown = page.locator('select[data-column="4"]');
  await expect(unknown).toHaveValue("ignore", { timeout: 60_000 });
  await expect(page.locator('section[aria-labelledby="import-report"]')).not.toHaveAttribute("aria-busy", "true");
  await shoot(page, SHOTS, `${lang}-1-columns`);
  await unknown.selectOption("segment");
  const run = page.locator('section[aria-labelledby="import-report"] button.btn-primary');
  await expect(run).toBeEnabled({ timeout: 60_000 });
  await expect(page.locator('section[aria-labelledby="import-report"]')).not.toHaveAttribute("aria-busy", "true");
  await page.locator('section[aria-labelledby="import-report"]').scrollIntoViewIfNeeded();
  await shoot(page, SHOTS, `${lang}-2-report`);
  await run.click();
  const bar = page.getByRole("progressbar");
  await expect(bar).toHaveAttribute("aria-valuenow", /^[1-9]/, { timeout: 120_000 });
  await shoot(page, SHOTS, `${lang}-3-progress`);
  await expect(page.locator("#import-result")).toBeVisible({ timeout: 600_000 });
  await shoot(page, SHOTS, `${lang}-4-result`);
}

test("screenshots of each step, English and Indonesian, with a 20,000-row file", async ({ page }) => {
  test.skip(!process.env.IMPORT_SHOTS, "IMPORT_SHOTS=1 takes the screenshots (imports 40,000 customers)");
  test.setTimeout(1_500_000);
  const rows = Number(process.env.IMPORT_SHOTS_ROWS ?? 20_000);
  await signIn(page, accounts.manager);
  await shootSteps(page, "en", writeCsv("pelanggan-en.csv", bigCsv(rows, "en")));
  await chooseLanguage(page, "Language", "id");
  await shootSteps(page, "id", writeCsv("pelanggan-id.csv", bigCsv(rows, "id")));
  await chooseLanguage(page, "Bahasa", "en");
});
