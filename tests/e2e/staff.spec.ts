import { expect, test } from "@playwright/test";
import { accounts, openFirstCustomer, signIn, signOut } from "./support";

test("OWNER adds a staff member who signs in; deactivating them shuts them out", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }).click();
  const form = page.getByRole("form", { name: "Add a staff member" });
  await expect(form).toBeVisible();

  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByText("Required").first()).toBeVisible();
  await expect(form.getByText("Use at least 10 characters")).toBeVisible();

  const email = `wayan.${Date.now()}@toko.test`;
  await form.getByLabel("Name").fill("Wayan Sudarma");
  await form.getByLabel("Email").fill(accounts.sales);
  await form.getByLabel("Role").selectOption("MANAGER");
  await form.getByLabel("First password").fill("kopi-susu-2026");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByText("Another account already uses this email")).toBeVisible();

  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByRole("status")).toHaveText("Wayan Sudarma can sign in now.");
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toBeVisible();
  await expect(row.getByLabel("Role of Wayan Sudarma")).toHaveValue("MANAGER");

  await signOut(page);
  await signIn(page, email, "kopi-susu-2026");
  await expect(page.getByText("Signed in as Wayan Sudarma · Manager")).toBeVisible();
  await signOut(page);

  await signIn(page, accounts.owner);
  await page.goto("/staff");
  const wayan = page.getByRole("row").filter({ hasText: email });
  await wayan.getByRole("button", { name: "Deactivate" }).first().click();
  await expect(wayan).toContainText("Deactivated");
  await signOut(page);

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("kopi-susu-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("OWNER cannot change their own role or deactivate themselves from the page", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.goto("/staff");
  const me = page.getByRole("row").filter({ hasText: accounts.owner });
  await expect(me.getByRole("combobox")).toBeDisabled();
  await expect(me.getByRole("button", { name: "Deactivate" })).toHaveCount(0);
});

test("OWNER signs a salesperson out on every device from the staff page", async ({ page, browser }) => {
  const salesContext = await browser.newContext();
  const salesPage = await salesContext.newPage();
  try {
    await signIn(salesPage, accounts.sales);
    await signIn(page, accounts.owner);
    await page.goto("/staff");
    const row = page.getByRole("row").filter({ hasText: accounts.sales });
    await row.getByRole("button", { name: "Sign out everywhere" }).first().click();
    await expect(page.getByRole("status")).toHaveText(/is signed out on every device/);
    await salesPage.reload();
    await expect(salesPage).toHaveURL(/\/sign-in/);
  } finally {
    await salesContext.close();
  }
});

test("OWNER reads the audit log: a customer edit shows who, what, and before → after", async ({ page }) => {
  await signIn(page, accounts.owner);
  await openFirstCustomer(page);
  const name = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
  await page.getByRole("button", { name: "Edit details" }).click();
  const city = `Denpasar ${Date.now()}`;
  await page.getByRole("form", { name: "Edit details" }).getByLabel("City").fill(city);
  await page.getByRole("form", { name: "Edit details" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Details saved.")).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const newest = page.getByRole("table").getByRole("row").nth(1);
  await expect(newest).toContainText("Details updated");
  await expect(newest).toContainText("Dewi Lestari");
  await expect(newest).toContainText(`City: `);
  await expect(newest).toContainText(city);
  await expect(newest.getByRole("link", { name })).toHaveAttribute("href", /\/customers\//);

  await page.getByLabel("Show").selectOption({ label: "Reward rules" });
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText("Reward rule");
});

test("the audit log is refused to managers and sales even by direct URL", async ({ page }) => {
  for (const account of [accounts.manager, accounts.sales]) {
    await signIn(page, account);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
    const response = await page.goto("/audit");
    expect(response?.status()).toBe(404);
    await signOut(page);
  }
});
