// The rule builder (issue 13 item 3): an owner creates a reward rule, reads its summary in English
// and in Bahasa Indonesia, and activates it; a manager sees it read-only. (Granting is the engine's
// and tested there.)
import { expect, test } from "@playwright/test";
import { accounts, chooseLanguage, shoot, signIn, signOut } from "./support";

const NAME = `Third purchase voucher ${Date.now().toString(36)}`;
const SHOTS = "test-results/rules";


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
  const english = "When a customer makes their 3rd purchase within 90 days, give a Rp 50,000 voucher valid 30 days, once per customer; at most 200 vouchers";
  await expect(summary).toHaveText(`In plain words${english}`);

  // A field error names the field and goes away once fixed.
  await page.getByLabel("Valid for (days)").fill("0");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByText("Enter 1 to 3,650 days")).toBeVisible();
  await page.getByLabel("Valid for (days)").fill("30");
  await page.getByRole("button", { name: "Create draft" }).click();

  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(summary).toHaveText(`In plain words${english}`);
  await expect(page.getByRole("complementary").getByText("Draft", { exact: true })).toBeVisible();

  await chooseLanguage(page, "Language", "id");
  await expect(page.getByRole("region", { name: "Ringkasan" })).toHaveText(
    "RingkasanSaat pelanggan melakukan pembelian ke-3 dalam 90 hari, beri voucher Rp 50.000 berlaku 30 hari, sekali per pelanggan; maksimal 200 voucher",
  );
  await page.getByRole("button", { name: "Aktifkan" }).click();
  await expect(page.getByRole("complementary").getByText("Aktif", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Jeda" })).toBeVisible();
  await chooseLanguage(page, "Bahasa", "en");
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await signOut(page);

  await signIn(page, accounts.manager);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rules" }).click();
  const row = page.getByRole("row").filter({ hasText: NAME });
  await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();
  await expect(row).toContainText(english);
  await expect(page.getByRole("link", { name: "New reward rule" })).toHaveCount(0);
  await row.getByRole("link", { name: NAME }).click();
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(page.getByText("You can view the rules; only owners can change them.")).toBeVisible();
  // Read-only, and it looks it: every field is disabled and greyed, no action is offered.
  const name = page.getByLabel("Name", { exact: true });
  await expect(name).toBeDisabled();
  await expect(name).not.toHaveCSS("background-color", "rgb(255, 255, 255)");
  await expect(page.getByLabel("Priority")).toBeDisabled();
  await expect(page.getByLabel("Condition", { exact: true })).toBeDisabled();
  await expect(page.getByLabel("Number", { exact: true })).toBeDisabled();
  await expect(page.getByRole("textbox", { name: "Voucher value" })).toBeDisabled();
  await expect(page.getByRole("radio", { name: "Voucher" })).toBeDisabled();
  await expect(page.getByRole("radio", { name: "Voucher" })).toBeChecked();
  await expect(page.getByLabel("At most (grants)")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Retire" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "+ Add condition" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Versions" })).toBeVisible();
  // The history from the audit log: created, then activated, by the owner.
  const history = page.getByRole("region", { name: "History" });
  await expect(history.getByRole("listitem").filter({ hasText: "Reward rule activated" })).toContainText("Status: Draft → Active");
  await expect(history.getByRole("listitem").filter({ hasText: "Reward rule created" })).toContainText("makes their 3rd purchase within 90 days");
});

test("a careless owner gets a field error next to each bad field, in both languages, and nothing is saved", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.goto("/rules/new?kind=reward");
  await expect(page.getByRole("heading", { name: "New reward rule" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Careless gift");
  await page.getByLabel("Number", { exact: true }).fill("-1");
  await page.getByRole("radio", { name: "Gift" }).check();
  await page.getByLabel("Gift to hand over").fill("Tote bag");
  await page.getByLabel("At most (total value)").fill("1.000.000");
  await page.getByRole("button", { name: "Create draft" }).click();

  const count = page.getByLabel("Number", { exact: true });
  await expect(count).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("The count must be a whole number from 0 to 1,000,000")).toBeVisible();
  const maxValue = page.getByLabel("At most (total value)");
  await expect(maxValue).toHaveAttribute("aria-invalid", "true");
  await expect(maxValue).toHaveAccessibleDescription("A gift has no value to count: leave the value budget empty and limit the number of grants instead");
  await expect(page).toHaveURL(/\/rules\/new/);

  await chooseLanguage(page, "Language", "id");
  await expect(page.getByText("Jumlah harus bilangan bulat dari 0 sampai 1.000.000")).toBeVisible();
  await expect(page.getByText("Hadiah barang tidak punya nilai rupiah: kosongkan batas nilai dan batasi jumlah pemberiannya saja")).toBeVisible();
  await chooseLanguage(page, "Bahasa", "en");
  await page.goto("/rules");
  await expect(page.getByRole("link", { name: "Careless gift" })).toHaveCount(0);
});

test("on a phone the summary stays in view while editing; warnings do not stop a save; amounts and days read in the chosen language", async ({ page }) => {
  const name = `Small budget ${Date.now().toString(36)}`;
  await signIn(page, accounts.owner);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/rules/new?kind=reward");
  await expect(page.getByRole("heading", { name: "New reward rule" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("textbox", { name: "Voucher value" }).fill("50.000");
  await page.getByLabel("Number", { exact: true }).fill("0");
  const count = page.getByLabel("Number", { exact: true });
  await expect(count).toHaveAccessibleDescription("A condition of “at least 0” is always true: every customer meets it, so it limits nothing.");

  // Deep in the long form, the summary is still on screen, and the focused field is not under it.
  const bar = page.getByTestId("rule-summary-bar");
  const budget = page.getByLabel("At most (total value)");
  await budget.fill("10.000");
  await expect(budget).toHaveAccessibleDescription("The value budget (Rp 10,000) is less than one grant is worth (Rp 50,000), so nothing can ever be granted.");
  const endsOn = page.getByLabel("Ends on");
  await endsOn.fill("2020-01-01");
  await endsOn.focus();
  await expect(bar).toBeInViewport();
  await expect(bar).toContainText("When a customer has made at least 0 purchases, give a Rp 50,000 voucher, once per customer; at most Rp 10,000 in total; until 1 Jan 2020");
  await expect(bar).toContainText("⚠ 3");
  const barBox = (await bar.boundingBox())!;
  const fieldBox = (await endsOn.boundingBox())!;
  expect(fieldBox.y).toBeGreaterThanOrEqual(barBox.y + barBox.height);
  await expect(page.getByTestId("rule-schedule-endsOn-day")).toHaveText("Wed, 1 Jan 2020");
  await expect(endsOn).toHaveAccessibleDescription(/The end date has already passed: the rule will not apply any more\./);
  await page.screenshot({ path: "test-results/rules/phone-editing-en.png" });
  await bar.getByRole("button", { name: "Show all" }).click();
  await expect(bar.getByRole("listitem")).toHaveCount(3);
  await bar.getByRole("button", { name: "Show less" }).click();

  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Voucher value" })).toHaveValue("50,000");
  await expect(budget).toHaveValue("10,000");
  await expect(page.getByTestId("rule-warnings")).toContainText("The end date has already passed");
  await shoot(page, SHOTS, "reward-form-warnings-en");

  await chooseLanguage(page, "Language", "id");
  await expect(page.getByRole("textbox", { name: "Nilai voucher" })).toHaveValue("50.000");
  await expect(page.getByTestId("rule-schedule-endsOn-day")).toHaveText("Rabu, 1 Jan 2020");
  await expect(page.getByTestId("rule-warnings")).toContainText("Tanggal berakhirnya sudah lewat");
  await shoot(page, SHOTS, "reward-form-warnings-id");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel("Selesai").focus();
  await expect(bar).toBeInViewport();
  await page.screenshot({ path: "test-results/rules/phone-editing-id.png" });
  await page.setViewportSize({ width: 1366, height: 768 });

  // The stage rule form has the same frame: the bar on a phone, its warnings.
  await page.goto("/rules/new?kind=stage");
  await page.getByLabel("Nama", { exact: true }).fill("Setia");
  await expect(page.getByRole("region", { name: "Ringkasan" })).toContainText("Saat pelanggan melakukan pembelian, pindahkan pelanggan ke tahap");
  await shoot(page, SHOTS, "stage-form-id");
  await chooseLanguage(page, "Bahasa", "en");
  await expect(page.getByRole("region", { name: "In plain words" })).toContainText("When a customer makes a purchase, move the customer to");
  await shoot(page, SHOTS, "stage-form-en");
});
