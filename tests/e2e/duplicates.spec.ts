// Duplicates and merge (issue 15 item 2): the warning before saving a customer whose phone another
// customer has, and merging two customers from the duplicates view.
import { expect, test, type Page } from "@playwright/test";
import { accounts, chooseLanguage, shoot, signIn } from "./support";

const SHOTS = "test-results/duplicates";

/** An Indonesian mobile number nobody in the demo data has: 0813 and eight digits from the clock. */
const freshMobile = () => `0813${String(Date.now()).slice(-8)}`;

async function createCustomer(page: Page, name: string, phone: string): Promise<string> {
  await page.goto("/customers/new");
  const form = page.getByRole("form", { name: "New customer" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Phone").fill(phone);
  await form.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  return page.url();
}

async function addNote(page: Page, body: string) {
  await page.getByRole("textbox", { name: "Add a note" }).fill(body);
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Note saved." })).toBeVisible();
}

test("creating a customer with an existing phone warns before saving, and the warning links to the customer", async ({ page }) => {
  await signIn(page, accounts.manager);
  const phone = freshMobile();
  const name = `Dewi Lestari ${Date.now()}`;
  const url = await createCustomer(page, name, phone);
  await expect(page.getByTestId("phone-kind")).toHaveText("Mobile (WhatsApp)");

  await page.goto("/customers/new");
  const form = page.getByRole("form", { name: "New customer" });
  await form.getByLabel("Name").fill("Dewi L.");
  // The same number typed another way.
  await form.getByLabel("Phone").fill(`+62 ${phone.slice(1, 4)}-${phone.slice(4, 8)}-${phone.slice(8)}`);
  const warning = form.getByRole("status").filter({ hasText: "A customer with this phone already exists:" });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("You can still save");
  await expect(form.getByTestId("phone-kind")).toHaveText("Mobile (WhatsApp)");
  await shoot(page, SHOTS, "warning-en");
  await warning.getByRole("link", { name }).click();
  await expect(page).toHaveURL(url);
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
});

test("a manager merges two customers from the duplicates view and sees the survivor with both histories", async ({ page }) => {
  await signIn(page, accounts.manager);
  const phone = freshMobile();
  const stamp = Date.now();
  const first = `Rina Wulandari ${stamp}`;
  const second = `Rina W. ${stamp}`;
  const firstUrl = await createCustomer(page, first, phone);
  await addNote(page, `First note ${stamp}`);
  const secondUrl = await createCustomer(page, second, phone);
  await addNote(page, `Second note ${stamp}`);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Duplicates" }).click();
  await expect(page.getByRole("heading", { name: "Likely duplicates" })).toBeVisible();
  await expect(page.getByRole("radio", { name: "Same phone" })).toHaveAttribute("aria-checked", "true");
  const pair = page.getByRole("listitem").filter({ hasText: first }).filter({ hasText: second });
  // Pairs come in id order, the newest last: look further until ours is shown.
  for (let i = 0; i < 20 && !(await pair.isVisible()); i++) {
    const more = page.getByRole("button", { name: "Look further" });
    if (!(await more.isVisible())) break;
    await more.click();
    await page.waitForLoadState("networkidle");
  }
  await expect(pair).toContainText("Why: Same phone");
  await shoot(page, SHOTS, "duplicates-en");
  await pair.getByRole("link", { name: /^Merge…/ }).click();

  await expect(page.getByRole("heading", { name: "Merge customers" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Which record survives" }).getByRole("radio", { name: new RegExp(first) })).toBeChecked();
  await expect(page.getByTestId("merge-moves")).toContainText("Notes1");
  // Keep the second record's name on the survivor.
  await page.getByRole("radio", { name: `Name: ${second}` }).check();
  await shoot(page, SHOTS, "merge-en");
  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByText(`Merge ${second} into ${first}? This cannot be undone.`)).toBeVisible();
  await page.getByRole("group", { name: "Merge" }).getByRole("button", { name: "Merge", exact: true }).click();

  await expect(page).toHaveURL(firstUrl);
  await expect(page.getByRole("heading", { name: second, exact: true })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText(`First note ${stamp}`);
  await expect(timeline).toContainText(`Second note ${stamp}`);
  await expect(timeline).toContainText(`Customers merged: ${second} merged into this customer`);
  await shoot(page, SHOTS, "survivor-en");

  // The merged-away customer's link leads to the survivor.
  await page.goto(secondUrl);
  await expect(page).toHaveURL(firstUrl);

  await chooseLanguage(page, "Language", "id");
  await page.goto("/customers/duplicates");
  await expect(page.getByRole("heading", { name: "Kemungkinan data ganda" })).toBeVisible();
  await shoot(page, SHOTS, "duplicates-id");
  await chooseLanguage(page, "Bahasa", "en");
});
