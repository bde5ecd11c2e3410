// Shared steps for the browser tests: signing in as a demo account.
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";
export const accounts = {
  owner: "owner@demo.test",
  manager: "manager@demo.test",
  sales: "sales@demo.test",
} as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

/** Owner names in the customer list's Owner column (first page). */
export async function ownerColumn(page: Page): Promise<string[]> {
  const table = page.getByRole("table");
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  const headers = await table.getByRole("columnheader").allInnerTexts();
  // A sortable header's text ends with its direction arrow (▲ ▼ ↕).
  const index = headers.findIndex((h) => h.replace(/[▲▼↕]/g, "").trim() === "Owner");
  expect(index, `Owner among ${headers.join(", ")}`).toBeGreaterThanOrEqual(0);
  const rows = table.getByRole("row");
  const count = await rows.count();
  const owners: string[] = [];
  for (let i = 1; i < count; i++) owners.push((await rows.nth(i).getByRole("cell").nth(index).innerText()).trim());
  return owners;
}

/** Opens the first customer on the list and waits for the customer page. Returns its URL. */
export async function openFirstCustomer(page: Page): Promise<string> {
  await page.getByRole("table").getByRole("row").nth(1).getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Log a touchpoint" })).toBeVisible();
  return page.url();
}

/** The signed-in staff member's name, as the top bar shows it. */
export async function signedInName(page: Page): Promise<string> {
  const text = await page.getByText(/^Signed in as /).innerText();
  return text.replace(/^Signed in as /, "").split(" · ")[0]!.trim();
}

/** Switches the app's language with the header's selector (labelled in the current language). */
export async function chooseLanguage(page: Page, label: "Language" | "Bahasa", locale: "en" | "id") {
  await page.getByLabel(label).selectOption(locale);
  await expect(page.getByLabel(locale === "id" ? "Bahasa" : "Language")).toBeVisible();
}

/** Full-page screenshots of the current page at 1366×768 and 390×844, into `dir` (looked at by
 * people, not compared); the viewport is left at 1366×768. */
export async function shoot(page: Page, dir: string, name: string) {
  for (const [label, size] of [["desktop", { width: 1366, height: 768 }], ["phone", { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${dir}/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}
