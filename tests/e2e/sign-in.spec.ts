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
  // Scoped to the form: Next.js's route announcer is an alert too.
  const alert = page.locator("form").getByRole("alert");
  await expect(alert).toBeVisible();
  const wrongPassword = await alert.innerText();

  await page.getByLabel("Email").fill("nobody@demo.test");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(wrongPassword);
  await expect(page).toHaveURL(/\/sign-in/);
});

for (const [role, email, navItems] of [
  ["OWNER", accounts.owner, ["Customers", "Duplicates", "Funnel board", "Analytics", "Rules", "Rewards", "Redeem a code", "Staff", "Audit log", "Settings"]],
  ["MANAGER", accounts.manager, ["Customers", "Duplicates", "Funnel board", "Analytics", "Rules", "Rewards", "Redeem a code"]],
  ["SALES", accounts.sales, ["Customers", "Funnel board", "Redeem a code"]],
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

test("signing out ends the session: back, reload and a replayed cookie do not get back in", async ({ page, context }) => {
  await signIn(page, accounts.sales);
  await page.goto("/customers");
  const captured = await context.cookies();
  expect(captured.some((c) => c.name === "next-auth.session-token")).toBe(true);
  await signOut(page);

  await page.goBack();
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in/);

  await context.addCookies(captured);
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/sign-in/);
  const session = await page.request.get("/api/auth/session");
  expect(await session.json()).toEqual({});
});

test("sign out everywhere ends the session in another browser too", async ({ page, browser }) => {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  try {
    await signIn(otherPage, accounts.manager);
    await signIn(page, accounts.manager);
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await otherPage.reload();
    await expect(otherPage).toHaveURL(/\/sign-in/);
  } finally {
    await other.close();
  }
});

test("a callbackUrl to another site lands on the customer list after sign-in", async ({ page }) => {
  for (const target of ["/%5Cevil.example", "//evil.example", "https://evil.example/"]) {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(target)}`);
    await page.getByLabel("Email").fill(accounts.sales);
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await signOut(page);
  }
});

test("pages and API answers carry the security headers", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health", "/api/auth/session"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"], path).toBe("DENY");
  }
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
