// Bulk actions on the customer table (issue 15 item 3) as a manager meets them: choosing rows,
// assigning them to someone else, tagging everything a search matches, deleting one and restoring it
// from the deleted customers; SALES see no checkboxes. Screenshots go to test-results/customer-bulk.
import { expect, test, type Page } from "@playwright/test";
import { accounts, chooseLanguage, shoot, signIn, signOut } from "./support";

const SHOTS = "test-results/customer-bulk";

/** Waits until the rows shown are those of the current URL (no load in flight). */
async function settled(page: Page) {
  const table = page.getByRole("table");
  await expect(table).toBeVisible();
  await expect(table).not.toHaveAttribute("aria-busy", "true");
  await expect(page.locator("[aria-live=polite]").filter({ hasText: / (of|dari) [\d.,]+ (customers|pelanggan)$/ })).toHaveCount(1);
}

async function createCustomer(page: Page, name: string) {
  await page.goto("/customers/new");
  const form = page.getByRole("form", { name: "New customer" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

/** Types into the table's search box and waits for its rows. */
async function search(page: Page, text: string) {
  await page.getByRole("searchbox").fill(text);
  await expect(page).toHaveURL(/[?&]search=/);
  await settled(page);
}

/** The names of the rows shown. */
async function names(page: Page): Promise<string[]> {
  await settled(page);
  const rows = page.getByRole("table").getByRole("row");
  const out: string[] = [];
  for (let i = 1; i < (await rows.count()); i++) {
    const label = await rows.nth(i).getByRole("checkbox").getAttribute("aria-label");
    out.push((label ?? "").replace(/^Select /, ""));
  }
  return out.sort();
}

/** The text of one row's cell under `header`. */
async function cellOf(page: Page, rowName: string, header: string): Promise<string> {
  await settled(page);
  const table = page.getByRole("table");
  const headers = (await table.getByRole("columnheader").allInnerTexts()).map((h) => h.replace(/[▲▼↕]/g, "").trim());
  const index = headers.indexOf(header);
  expect(index, `${header} in ${headers.join(", ")}`).toBeGreaterThanOrEqual(0);
  const row = table.getByRole("row").filter({ has: page.getByRole("checkbox", { name: `Select ${rowName}`, exact: true }) });
  return (await row.getByRole("cell").nth(index).innerText()).trim();
}

const bar = (page: Page) => page.getByRole("region", { name: "Bulk actions" });
const select = (page: Page, name: string) => page.getByRole("checkbox", { name: `Select ${name}`, exact: true });

test("MANAGER assigns two chosen customers, tags all a search matches, deletes one and restores it", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, accounts.manager);
  const stamp = Date.now();
  const [ana, budi, citra] = [`Bulk ${stamp} Ana`, `Bulk ${stamp} Budi`, `Bulk ${stamp} Citra`];
  for (const name of [ana, budi, citra]) await createCustomer(page, name);

  await page.goto("/customers");
  await settled(page);
  await search(page, `Bulk ${stamp}`);
  expect(await names(page)).toEqual([ana, budi, citra]);
  const ownerBefore = await cellOf(page, citra, "Owner");

  // Two rows chosen: the bar counts them and offers all three matching.
  await expect(bar(page)).toHaveCount(0);
  await select(page, ana).check();
  await select(page, budi).check();
  await expect(bar(page)).toContainText("2 selected");
  await expect(bar(page).getByRole("button", { name: "Select all 3 matching" })).toBeVisible();
  await shoot(page, SHOTS, "selection-en");

  // Assign them to a sales staff member other than their owner now.
  await bar(page).getByRole("button", { name: "Assign owner" }).click();
  const dialog = page.getByRole("dialog", { name: "Assign owner" });
  await expect(dialog).toBeVisible();
  const picker = dialog.getByLabel("New owner");
  const salesOptions = async () => (await picker.locator("option").allInnerTexts()).filter((o) => o.endsWith(" · Sales") && !o.startsWith(`${ownerBefore} `));
  // The staff list arrives after the dialog opens.
  await expect.poll(async () => (await salesOptions()).length, { message: "a sales staff member to assign to" }).toBeGreaterThan(0);
  const options = await salesOptions();
  const newOwner = options[0]!.split(" · ")[0]!;
  // Without a choice the dialog says so next to the field.
  await dialog.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(picker).toHaveAttribute("aria-invalid", "true");
  await picker.selectOption({ label: options[0]! });
  await expect(dialog).toContainText(`Assign 2 customers to ${newOwner}?`);
  await shoot(page, SHOTS, "assign-dialog-en");
  await dialog.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Assigned" })).toHaveText(`Assigned 2 to ${newOwner} · 0 already theirs · 0 skipped (changed or deleted meanwhile)`);
  await expect(dialog).toBeHidden();
  await expect(bar(page)).toHaveCount(0);
  await expect(select(page, ana)).not.toBeChecked();
  await expect.poll(() => cellOf(page, ana, "Owner")).toBe(newOwner);
  expect(await cellOf(page, budi, "Owner")).toBe(newOwner);
  expect(await cellOf(page, citra, "Owner")).toBe(ownerBefore);

  // A new search clears the selection.
  await select(page, citra).check();
  await expect(bar(page)).toContainText("1 selected");
  await search(page, `Bulk ${stamp} Ana`);
  await expect(bar(page)).toHaveCount(0);
  await search(page, `Bulk ${stamp}`);
  await expect(select(page, citra)).not.toBeChecked();

  // Everything the search matches gets a tag, sent as the view's filter.
  const tag = `bulk${stamp}`;
  await select(page, ana).check();
  await bar(page).getByRole("button", { name: "Select all 3 matching" }).click();
  await expect(bar(page)).toContainText("All 3 customers matching this view");
  await expect(select(page, citra)).toBeChecked();
  await bar(page).getByRole("button", { name: "Add tag" }).click();
  const tagDialog = page.getByRole("dialog", { name: "Add tag" });
  await tagDialog.getByLabel("Tag").fill(tag);
  await expect(tagDialog).toContainText(`Add the tag “${tag}” to all 3 customers matching this view?`);
  await tagDialog.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Tagged" })).toHaveText(`Tagged 3 “${tag}” · 0 already had it · 0 skipped (deleted meanwhile, or holding 20 tags already)`);
  await page.goto(`/customers?tag=${tag}`);
  expect(await names(page)).toEqual([ana, budi, citra]);

  // Delete one: it leaves the table and shows among the deleted customers, as plain text.
  await select(page, citra).check();
  await bar(page).getByRole("button", { name: "Delete" }).click();
  const deleteDialog = page.getByRole("dialog", { name: "Delete" });
  await expect(deleteDialog).toContainText("Delete 1 customer?");
  await deleteDialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted" })).toHaveText("Deleted 1 · 0 skipped (changed or deleted meanwhile)");
  await expect.poll(() => names(page)).toEqual([ana, budi]);

  await page.getByRole("link", { name: "Deleted customers" }).click();
  await expect(page.getByRole("heading", { name: "Deleted customers", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/[?&]deleted=true/);
  expect(await names(page)).toEqual([citra]);
  await expect(page.getByRole("table").getByRole("link")).toHaveCount(0);
  await select(page, citra).check();
  await expect(bar(page).getByRole("button", { name: "Assign owner" })).toHaveCount(0);
  await shoot(page, SHOTS, "deleted-en");
  await bar(page).getByRole("button", { name: "Restore" }).click();
  const restoreDialog = page.getByRole("dialog", { name: "Restore" });
  await expect(restoreDialog).toContainText("Restore 1 customer?");
  await restoreDialog.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Restored" })).toHaveText("Restored 1 · 0 skipped (restored or changed meanwhile)");
  await expect(page.getByText("No deleted customers")).toBeVisible();

  await page.getByRole("link", { name: "Back to customers" }).click();
  await expect(page.getByRole("heading", { name: "Customers", exact: true })).toBeVisible();
  expect(await names(page)).toEqual([ana, budi, citra]);
  await expect(page.getByRole("table").getByRole("link", { name: citra })).toHaveAttribute("href", /\/customers\/[0-9a-f-]{36}$/);
  await signOut(page);

  // The owner reads one entry for the assignment: the count and the new owner, not a list of ids.
  await signIn(page, accounts.owner);
  await page.goto("/audit");
  const entry = page.getByRole("table").getByRole("row").filter({ hasText: "Customers reassigned in bulk" }).first();
  await expect(entry).toContainText("Customers: 2 customers");
  await expect(entry).toContainText(`New owner: ${newOwner}`);
  await expect(entry.getByText("Customer ids")).toBeVisible();
  await entry.getByText("Customer ids").click();
  await expect(entry.getByRole("listitem").filter({ hasText: /^[0-9a-f-]{36}$/ })).toHaveCount(2);
  await shoot(page, SHOTS, "audit-en");
});

test("the bulk bar and its dialog in Indonesian; Esc closes the dialog and gives the focus back", async ({ page }) => {
  await signIn(page, accounts.manager);
  await settled(page);
  await chooseLanguage(page, "Language", "id");
  try {
    await settled(page);
    const rows = page.getByRole("table").getByRole("row");
    await rows.nth(1).getByRole("checkbox").check();
    await rows.nth(2).getByRole("checkbox").check();
    const idBar = page.getByRole("region", { name: "Tindakan massal" });
    await expect(idBar).toContainText("2 dipilih");
    // The selection stays across pages (by id).
    const pages = page.getByRole("navigation", { name: "Halaman" });
    await pages.getByRole("button", { name: "Berikutnya" }).click();
    await expect(pages).toContainText(/^26–/);
    await settled(page);
    await expect(rows.nth(1).getByRole("checkbox")).not.toBeChecked();
    await rows.nth(1).getByRole("checkbox").check();
    await expect(idBar).toContainText("3 dipilih");
    await pages.getByRole("button", { name: "Sebelumnya" }).click();
    await expect(pages).toContainText(/^1–25/);
    await settled(page);
    await expect(rows.nth(1).getByRole("checkbox")).toBeChecked();
    await expect(rows.nth(2).getByRole("checkbox")).toBeChecked();
    await shoot(page, SHOTS, "selection-id");
    const open = idBar.getByRole("button", { name: "Pindah tahap" });
    await open.click();
    const dialog = page.getByRole("dialog", { name: "Pindah tahap" });
    await dialog.getByLabel("Tahap").selectOption({ label: "Loyalitas" });
    await expect(dialog).toContainText("Pindahkan 3 pelanggan ke tahap Loyalitas?");
    // The reason is required: refused next to its field, nothing sent.
    await dialog.getByRole("button", { name: "Pindahkan" }).click();
    await expect(dialog.getByLabel("Alasan")).toHaveAttribute("aria-invalid", "true");
    await shoot(page, SHOTS, "move-dialog-id");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();
    await idBar.getByRole("button", { name: "Batalkan semua pilihan" }).click();
    await expect(idBar).toHaveCount(0);
    await page.getByRole("link", { name: "Pelanggan terhapus" }).click();
    await expect(page.getByRole("heading", { name: "Pelanggan terhapus", level: 1 })).toBeVisible();
    await settled(page);
    await shoot(page, SHOTS, "deleted-id");
  } finally {
    await chooseLanguage(page, "Bahasa", "en");
  }
});

test("SALES sees no checkboxes and no deleted customers", async ({ page }) => {
  await signIn(page, accounts.sales);
  await settled(page);
  await expect(page.getByRole("table").getByRole("row")).not.toHaveCount(1);
  await expect(page.getByRole("table").getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Deleted customers" })).toHaveCount(0);
  await page.goto("/customers?deleted=true");
  await expect(page.getByRole("heading", { name: "Customers", exact: true })).toBeVisible();
  await settled(page);
  await expect(page.getByRole("table").getByRole("checkbox")).toHaveCount(0);
});
