// CSV exports in the browser (issue 15 item 6) and the command line handed to the running app
// (item 5): the timeline link downloads the customer's timeline; the customer export answers
// managers with the CSV and SALES with 403; `npm run cli -- export customers` on the app's embedded
// database goes through the app with the token from its hand-off file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { accounts, openFirstCustomer, signIn } from "./support";

const root = path.resolve(import.meta.dirname, "../..");

test("the timeline's export link downloads the customer's timeline as CSV", async ({ page }) => {
  await signIn(page, accounts.sales);
  await openFirstCustomer(page);
  const link = page.getByRole("link", { name: "Export timeline (CSV)" });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^customer-[0-9a-f-]{36}-timeline-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8").slice(1);
  expect(text.startsWith("at,kind,eventId,channel,type,")).toBe(true);
  expect(text.trim().split("\n").length).toBeGreaterThan(1);
});

test("the customer export answers managers with the CSV and refuses SALES", async ({ browser }) => {
  for (const [email, status] of [[accounts.manager, 200], [accounts.sales, 403]] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    const response = await page.request.get("/api/customers/export?stages=LOYALTY");
    expect(response.status(), email).toBe(status);
    if (status === 200) {
      const body = await response.body();
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = body.toString("utf8").trim().split("\n");
      expect(lines[0]).toContain("id,externalId,externalSource,name,email,phone,stage,owner");
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.slice(1).every((line) => line.includes(",LOYALTY,"))).toBe(true);
    }
    await context.close();
  }
});

test("npm run cli -- export customers hands the work to the app holding the embedded database", async () => {
  test.setTimeout(120_000);
  // The embedded database the config's server holds (E2E_PGLITE_DIR when the app was started apart).
  const dataDir = process.env.E2E_PGLITE_DIR ?? path.join(root, ".data", "e2e", "pglite");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/cli.ts", "export", "customers", "--stage", "LOYALTY"], {
    cwd: root,
    env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 110_000,
  });
  expect(result.stderr).toMatch(/exporting through it/);
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.startsWith("\uFEFF")).toBe(true);
  const lines = result.stdout.slice(1).trim().split("\n");
  expect(lines[0]).toMatch(/^id,externalId,externalSource,name,/);
  expect(lines.length).toBeGreaterThan(1);
  expect(result.stderr).toMatch(new RegExp(`${(lines.length - 1).toLocaleString("en-US")} of ${(lines.length - 1).toLocaleString("en-US")} customers — done`));
});
