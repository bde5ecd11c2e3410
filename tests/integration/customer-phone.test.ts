// Phone numbers are stored valid (E.164), read with the business's phone country (issue 11, item 12).
import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

describeEachDatabase("customer phone numbers", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("stores the Indonesian ways of writing a number as one valid E.164 number", async () => {
    const caller = callerFor(getDb(), team().sales);
    for (const typed of ["+62 (0)812-3456-7890", "62 0812 3456 7890", "0062 812 3456 7890", "0812-3456-7890"]) {
      const customer = await caller.customer.create({ name: `Budi ${typed}`, phone: typed });
      expect(customer.phone, typed).toBe("+6281234567890");
    }
  });

  it("reads numbers typed without a country code with the business's phone country", async () => {
    await getDb().setting.upsert({ where: { id: 1 }, create: { id: 1, phoneCountry: "SG" }, update: { phoneCountry: "SG" } });
    const caller = callerFor(getDb(), team().sales);
    const customer = await caller.customer.create({ name: "Tan Wei Ming", phone: "9123 4567" });
    expect(customer.phone).toBe("+6591234567");
    const edited = await caller.customer.update({ customerId: customer.id, expectedVersion: customer.version, phone: "+62 812-3456-7890" });
    expect(edited.phone).toBe("+6281234567890");
  });

  it("refuses what cannot be a phone number next to the field, storing nothing", async () => {
    const caller = callerFor(getDb(), team().sales);
    const before = await getDb().customer.count();
    for (const typed of ["0812 3456", "+62 000 1234 5678", "9123 4567"]) {
      const error = await caller.customer.create({ name: "Nobody", phone: typed }).catch((e: unknown) => e);
      expect(error, typed).toMatchObject({ code: "BAD_REQUEST", cause: { fieldErrors: { phone: ["validation.phone"] } } });
    }
    expect(await getDb().customer.count()).toBe(before);
    const mine = team().mine;
    const error = await caller.customer.update({ customerId: mine.id, expectedVersion: mine.version, phone: "12" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((await getDb().customer.findUniqueOrThrow({ where: { id: mine.id } })).phone).toBe(mine.phone);
  });
});
