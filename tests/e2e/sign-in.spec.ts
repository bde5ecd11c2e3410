import { expect, test } from "@playwright/test";
import { accounts, signIn, signOut } from "./support";

test("the sign-in page lists the demo accounts when demo data is loaded", async ({ page }) => {
  await page.goto("/sign-in");
  const demo = page.getByRole("region", { name: "Demo accounts" });
  await expect(demo).toContainText(accounts.owner);
  await expect(demo).toContainText(accounts.manager);
  await expect(demo).toContainText(accounts.sales);
  await expect(demo).toContainText("demo-password");
});

test("app pages send visitors who are not signed in to the sign-in page", async ({ page }) => {
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a wrong password and an unknown account get the same message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(accounts.manager);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toBeVisible();
  const wrongPassword = await alert.innerText();

  await page.getByLabel("Email").fill("nobody@demo.test");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(wrongPassword);
  await expect(page).toHaveURL(/\/sign-in/);
});

for (const [role, email, navItems] of [
  ["OWNER", accounts.owner, ["Customers", "Staff", "Audit log", "Settings"]],
  ["MANAGER", accounts.manager, ["Customers"]],
  ["SALES", accounts.sales, ["Customers"]],
] as const) {
  test(`${role} signs in, sees navigation for the role, and signs out`, async ({ page }) => {
    await signIn(page, email);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText([...navItems]);
    await signOut(page);
    await page.goto("/customers");
    await expect(page).toHaveURL(/\/sign-in/);
  });
}

test("staff management is refused to non-owners even by direct URL", async ({ page }) => {
  await signIn(page, accounts.manager);
  const response = await page.goto("/staff");
  expect(response?.status()).toBe(404);
  await page.goto("/customers");
  await signOut(page);
  await signIn(page, accounts.owner);
  await page.goto("/staff");
  await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: accounts.sales })).toBeVisible();
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
