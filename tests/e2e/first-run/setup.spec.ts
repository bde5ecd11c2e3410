import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { FIRST_RUN_LOG } from "../first-run.config";

// One story, in order: a database with no staff, the setup page, the first owner, settings.
test.describe.configure({ mode: "serial" });

const owner = { name: "Sari Wulandari", email: "sari@tokosari.id", password: "kopi-susu-2026" };

/** The latest setup code the server printed. */
async function setupCodeFromLog(): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(() => {
      const log = fs.existsSync(FIRST_RUN_LOG) ? fs.readFileSync(FIRST_RUN_LOG, "utf8") : "";
      code = [...log.matchAll(/enter the setup code ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/g)].at(-1)?.[1];
      return code;
    })
    .toBeTruthy();
  return code!;
}

async function noHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("with no staff, every page leads to the setup page, which lists no demo accounts", async ({ page }) => {
  for (const path of ["/", "/customers", "/sign-in", "/settings"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  await expect(page.getByRole("heading", { name: "Set up Lifecycle CRM" })).toBeVisible();
  await expect(page.getByText("demo-password")).toHaveCount(0);
});

test("a wrong code is refused next to the field; the code from the log creates the owner, who is signed in", async ({ page }) => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 768 }]) {
    await page.setViewportSize(viewport);
    await page.goto("/setup");
    await expect(page.getByLabel("Setup code")).toBeVisible();
    await noHorizontalScroll(page);
  }
  await page.getByLabel("Setup code").fill("AAAA-BBBB-CCCC");
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByLabel("Business name").fill("Toko Sari Rasa");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.locator("#setup-code-error")).toHaveText(/not the current setup code/);
  await expect(page.getByLabel("Setup code")).toHaveAttribute("aria-invalid", "true");

  const code = await setupCodeFromLog();
  await page.getByLabel("Setup code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${owner.name}`)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(["Customers", "Duplicates", "Funnel board", "Analytics", "Rules", "Rewards", "Redeem a code", "Staff", "Audit log", "Settings"]);
});

test("once an owner exists the setup page is gone and sign-in shows no demo accounts", async ({ page }) => {
  const response = await page.goto("/setup");
  expect(response?.status()).toBe(404);
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Demo accounts" })).toHaveCount(0);
  await expect(page.getByText("demo-password")).toHaveCount(0);
});

test("the owner edits the settings, in both languages and on a phone-sized screen", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Business name")).toHaveValue("Toko Sari Rasa");
  await expect(page.getByText("Demo mode is off")).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch off demo mode" })).toHaveCount(0);

  await page.getByLabel("Business name").fill("Toko Sari Rasa Makassar");
  await page.getByLabel("Time zone").selectOption("Asia/Makassar");
  await page.getByLabel("Phone country").selectOption("MY");
  await page.getByLabel("Currency").selectOption("SGD");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Settings saved.");

  await page.reload();
  await expect(page.getByLabel("Business name")).toHaveValue("Toko Sari Rasa Makassar");
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Makassar");
  await expect(page.getByLabel("Phone country")).toHaveValue("MY");
  await expect(page.getByLabel("Currency")).toHaveValue("SGD");
  await noHorizontalScroll(page);

  await page.getByLabel("Language").selectOption("id");
  await expect(page.getByRole("heading", { name: "Pengaturan", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Zona waktu")).toHaveValue("Asia/Makassar");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("button", { name: "Simpan pengaturan" })).toBeVisible();
  await noHorizontalScroll(page);

  await page.goto("/audit");
  await expect(page.getByText("Pengaturan diubah").first()).toBeVisible();
});

// Last in this file: it leaves the owner's sign-in slowed for this client address.
test("a client cannot pick its own address: X-Forwarded-For sent by clients is dropped (no TRUST_PROXY)", async ({ request }) => {
  const attempt = async (password: string, forwardedFor: string) => {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: owner.email, password, json: "true" },
      headers: { "x-forwarded-for": forwardedFor },
      maxRedirects: 0,
    });
  };
  // Five wrong passwords, each claiming another address: believed, each would be a fresh address.
  for (let i = 1; i <= 5; i++) await attempt(`wrong-password-${i}`, `203.0.113.${i}`);
  // The right password from yet another claimed address is still slowed down: one real address.
  await attempt(owner.password, "198.51.100.7");
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: unknown } | null;
  expect(session?.user).toBeUndefined();
});
