import { expect, test } from "@playwright/test";
import { accounts, openFirstCustomer, ownerColumn, signedInName, signIn, signOut } from "./support";

/** A count as the English UI writes it: thousands grouped with "," ("1,387"). */
const englishNumber = new Intl.NumberFormat("en-US");

test("SALES sees only their own customers; MANAGER sees the whole team's", async ({ page }) => {
  await signIn(page, accounts.sales);
  const me = await signedInName(page);
  const salesOwners = await ownerColumn(page);
  expect(salesOwners.length).toBeGreaterThan(0);
  expect(new Set(salesOwners)).toEqual(new Set([me]));

  await signOut(page);
  await signIn(page, accounts.manager);
  const managerOwners = await ownerColumn(page);
  expect(new Set(managerOwners).size).toBeGreaterThan(1);
});

test("SALES cannot open another owner's customer by URL", async ({ page }) => {
  await signIn(page, accounts.sales);
  const salesName = await signedInName(page);
  await signOut(page);

  await signIn(page, accounts.manager);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  let foreignHref: string | null = null;
  for (let i = 1; i < (await rows.count()) && !foreignHref; i++) {
    const row = rows.nth(i);
    if (!(await row.innerText()).includes(salesName)) foreignHref = await row.getByRole("link").getAttribute("href");
  }
  expect(foreignHref, `a customer not owned by ${salesName}`).toBeTruthy();
  await signOut(page);

  await signIn(page, accounts.sales);
  const response = await page.goto(foreignHref!);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

for (const email of [accounts.sales, accounts.manager, accounts.owner]) {
  test(`${email} logs a purchase and sees it on top of the timeline with updated figures`, async ({ page }) => {
    await signIn(page, email);
    await openFirstCustomer(page);
    const purchasesBefore = Number((await page.getByTestId("purchases").locator("dd").innerText()).replace(/\D/g, ""));
    const touchpointsBefore = Number((await page.getByTestId("touchpoints").locator("dd").innerText()).replace(/\D/g, ""));

    await page.getByLabel("Channel", { exact: true }).selectOption("WHATSAPP");
    await page.getByLabel("What happened").selectOption("PURCHASE");
    const context = `responded to flash-sale post ${Date.now()}`;
    await page.getByLabel("Context").fill(context);
    await page.getByLabel("Customer's need").fill("wants to save on shipping");

    // Validation names the field and stores nothing.
    await page.getByRole("button", { name: "Log touchpoint" }).click();
    await expect(page.getByText("Enter the amount", { exact: true })).toBeVisible();
    await expect(page.getByTestId("touchpoints").locator("dd")).toHaveText(
      englishNumber.format(touchpointsBefore),
    );

    await page.getByLabel(/^Amount/).fill("250000");
    await page.getByRole("button", { name: "Log touchpoint" }).click();
    await expect(page.getByRole("status")).toContainText("Touchpoint logged");

    // Newest first: the new touchpoint is the newest touchpoint (a stage change or a reward it caused
    // may sit above it).
    const items = page.getByRole("list", { name: "Timeline" }).getByRole("listitem");
    await expect(items.filter({ hasText: context })).toHaveCount(1);
    const texts = await items.allInnerTexts();
    const position = texts.findIndex((text) => text.includes(context));
    expect(texts.slice(0, position).every((text) => text.includes("Stage:") || text.includes("Reward granted"))).toBe(true);
    await expect(items.nth(position)).toContainText("WhatsApp · Purchase");
    await expect(items.nth(position)).toContainText("Rp 250,000");
    await expect(page.getByTestId("purchases").locator("dd")).toHaveText(
      englishNumber.format(purchasesBefore + 1),
    );
    await expect(page.getByTestId("touchpoints").locator("dd")).toHaveText(
      englishNumber.format(touchpointsBefore + 1),
    );
  });
}

test("a staff member switches to Bahasa Indonesia and it stays after reload", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.getByLabel("Language").selectOption("id");
  await expect(page.getByRole("heading", { name: "Pelanggan" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pelanggan" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Keluar", exact: true })).toBeVisible();
  await page.getByLabel("Bahasa").selectOption("en");
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
});

test("MANAGER reassigns a customer's owner and the change shows on the timeline", async ({ page }) => {
  await signIn(page, accounts.manager);
  await page.getByRole("table").getByRole("row").nth(1).getByRole("link").click();
  const picker = page.getByLabel("Assign owner");
  await expect(picker).toBeEnabled();
  const options = await picker.locator("option").evaluateAll((els) =>
    els.map((e) => ({ value: (e as HTMLOptionElement).value, label: e.textContent ?? "" })),
  );
  const current = await picker.inputValue();
  const target = options.find((o) => o.value && o.value !== current)!;
  await picker.selectOption(target.value);
  await expect(page.getByRole("status")).toHaveText("Owner updated.");
  await expect(page.getByText(`Owner: ${target.label.split(" · ")[0]}`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Timeline" }).getByRole("listitem").first()).toContainText(
    "Owner reassigned",
  );
});

test("SALES has no owner picker", async ({ page }) => {
  await signIn(page, accounts.sales);
  await openFirstCustomer(page);
  await expect(page.getByLabel("Assign owner")).toHaveCount(0);
});

test("SALES creates a customer, with the phone in E.164 and themselves as owner", async ({ page }) => {
  await signIn(page, accounts.sales);
  const me = await signedInName(page);
  await page.getByRole("link", { name: "New customer" }).click();
  // Wait for the form: until it renders, "Name" would also match the list's search box label.
  const form = page.getByRole("form", { name: "New customer" });
  await expect(form).toBeVisible();
  await form.getByLabel("Name", { exact: true }).fill(`Putri Ayu ${Date.now()}`);
  await page.getByLabel("Phone").fill("12");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByText("Enter a phone number such as")).toBeVisible();
  await expect(page.getByLabel("Owner")).toHaveCount(0);

  await page.getByLabel("Phone").fill("0813-1111-2222");
  await page.getByLabel("Email").fill("Putri@Example.ID");
  await page.getByLabel("Tags").fill("reseller, vip");
  await page.getByRole("button", { name: "Create customer" }).click();

  await expect(page.getByRole("heading", { name: /^Putri Ayu/ })).toBeVisible();
  await expect(page.getByText("+6281311112222 · putri@example.id")).toBeVisible();
  await expect(page.getByText(`Owner: ${me}`)).toBeVisible();
  await expect(page.getByTestId("stage")).toContainText("Awareness");
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText("Entered Awareness");
  await expect(timeline).toContainText("Customer created");
});

test.describe("on a phone-sized screen", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the customer list and staff list fit the width, with name, phone and stage visible", async ({ page }) => {
    await signIn(page, accounts.owner);
    const firstRow = page.getByRole("table").getByRole("row").nth(1);
    await expect(firstRow.getByRole("link")).toBeVisible();
    await expect(firstRow.getByText(/^\+62\d+$/).filter({ visible: true })).toHaveCount(1);
    await expect(page.getByRole("columnheader", { name: "Stage" })).toBeVisible();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    const tableOverflow = () =>
      page.getByRole("table").evaluate((table) => table.scrollWidth - table.parentElement!.clientWidth);
    expect(await tableOverflow()).toBeLessThanOrEqual(0);

    await page.getByRole("link", { name: "Staff" }).click();
    await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
    await expect(page.getByText("owner@demo.test").filter({ visible: true })).toHaveCount(1);
    expect(await tableOverflow()).toBeLessThanOrEqual(0);
  });
});

test("the customer list's next page starts after the last row shown, no row twice", async ({ page }) => {
  await signIn(page, accounts.manager);
  const links = page.getByRole("table").getByRole("link");
  await expect(links).toHaveCount(25);
  const first = await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("navigation", { name: "Pages" })).toContainText(/^26–50 of/);
  await expect(page.getByRole("table")).not.toHaveAttribute("aria-busy", "true");
  await expect(links).toHaveCount(25);
  const second = await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
  expect(new Set([...first, ...second]).size).toBe(50);
});
