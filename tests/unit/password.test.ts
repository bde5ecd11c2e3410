import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { DUMMY_HASH, hashPassword, isLegacyHash, verifyPassword } from "@/server/auth/password";

describe("password hashing", () => {
  it("hashes with argon2id and verifies; bcrypt hashes still verify and are marked for upgrade", async () => {
    const hash = await hashPassword("kopi-susu-2026");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword("kopi-susu-2026", hash)).toBe(true);
    expect(await verifyPassword("kopi-susu-2027", hash)).toBe(false);
    const legacy = await bcrypt.hash("kopi-susu-2026", 4);
    expect(isLegacyHash(legacy) && !isLegacyHash(hash)).toBe(true);
    expect(await verifyPassword("kopi-susu-2026", legacy)).toBe(true);
    expect(await verifyPassword("x", "not a hash")).toBe(false);
    expect(await verifyPassword("x", DUMMY_HASH)).toBe(false);
  });

  it("leaves the event loop free while 30 passwords are checked at once", async () => {
    const before = performance.eventLoopUtilization();
    await Promise.all(Array.from({ length: 30 }, () => verifyPassword("wrong", DUMMY_HASH)));
    const busy = performance.eventLoopUtilization(before).utilization;
    // bcryptjs, which hashes in JavaScript, keeps the loop ~100% busy here.
    expect(busy).toBeLessThan(0.5);
  });
});
