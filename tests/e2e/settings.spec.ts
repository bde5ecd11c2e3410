import { expect, test } from "@playwright/test";
import { accounts, signIn, signOut } from "./support";

test("settings are for owners: managers get a 404 and no link", async ({ page }) => {
  await signIn(page, accounts.manager);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(404);
  await page.goto("/customers");
  await signOut(page);
});

test("the demo owner sees demo mode on and cannot switch it off from a demo account; the currency is fixed", async ({ page }) => {
  await signIn(page, accounts.owner);
  await page.goto("/settings");
  await expect(page.getByText("Demo mode is on")).toBeVisible();
  // Demo data holds purchases, so their currency cannot change.
  await expect(page.getByLabel("Currency")).toBeDisabled();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Switch off demo mode" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("signed in with a demo account");
  await page.reload();
  await expect(page.getByText("Demo mode is on")).toBeVisible();
});
