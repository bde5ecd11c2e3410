import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { ZodError } from "zod";
import { AppError } from "@/server/domain/errors";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { describeEachDatabase } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest } from "./fixtures";

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describeEachDatabase("customer router", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("refuses visitors who are not signed in", async () => {
    expect(await codeOf(callerFor(getDb(), null).customer.list({}))).toBe("UNAUTHORIZED");
    expect(await codeOf(callerFor(getDb(), null).customer.get({ id: team().mine.id }))).toBe("UNAUTHORIZED");
  });

  it("lists only their own customers to SALES and everyone's to MANAGER and OWNER", async () => {
    const db = getDb();
    const salesList = await callerFor(db, team().sales).customer.list({});
    expect(salesList.items.map((c) => c.id)).toEqual([team().mine.id]);
    for (const boss of [team().manager, team().owner]) {
      const all = await callerFor(db, boss).customer.list({});
      expect(all.items.map((c) => c.id).sort()).toEqual([team().mine.id, team().theirs.id].sort());
    }
  });

  it("finds customers by name, local phone number and stage", async () => {
    const caller = callerFor(getDb(), team().manager);
    expect((await caller.customer.list({ search: "siti" })).items.map((c) => c.id)).toEqual([team().mine.id]);
    expect((await caller.customer.list({ search: "0812-3456" })).items.map((c) => c.id)).toEqual([team().mine.id]);
    expect((await caller.customer.list({ stage: "LOYALTY" })).items).toEqual([]);
  });

  it("takes % and _ in a search literally", async () => {
    const db = getDb();
    const cotton = await createCustomer(db, { name: "100% Cotton", ownerId: team().sales.id });
    const snake = await createCustomer(db, { name: "toko_baju", ownerId: team().sales.id });
    const slash = await createCustomer(db, { name: "A\\B Store", ownerId: team().sales.id });
    const caller = callerFor(db, team().manager);
    const found = async (search: string) => (await caller.customer.list({ search })).items.map((c) => c.id);
    expect(await found("%")).toEqual([cotton.id]);
    expect(await found("0%")).toEqual([cotton.id]);
    expect(await found("_")).toEqual([snake.id]);
    expect(await found("o_b")).toEqual([snake.id]);
    expect(await found("toko_")).toEqual([snake.id]);
    expect(await found("a\\b")).toEqual([slash.id]);
    expect(await found("\\")).toEqual([slash.id]);
  });

  it("refuses a NUL byte in the search with a field error", async () => {
    const error = await callerFor(getDb(), team().manager).customer.list({ search: "si\u0000ti" }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(fieldErrorsFromZod((error as TRPCError).cause as ZodError)).toEqual({ search: ["validation.invalidCharacters"] });
  });

  it("pages through customers without gaps or repeats", async () => {
    const db = getDb();
    for (let i = 0; i < 7; i++) await createCustomer(db, { ownerId: team().sales.id });
    const caller = callerFor(db, team().sales);
    const seen: string[] = [];
    let cursor: { value: Date; id: string } | undefined;
    do {
      const page = await caller.customer.list({ limit: 3, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });

  it("hides another owner's customer from SALES as not found", async () => {
    const db = getDb();
    expect(await codeOf(callerFor(db, team().sales).customer.get({ id: team().theirs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(db, team().sales).customer.timeline({ customerId: team().theirs.id }))).toBe("NOT_FOUND");
    expect((await callerFor(db, team().manager).customer.get({ id: team().theirs.id })).id).toBe(team().theirs.id);
  });

  it("refuses a malformed id with a field error", async () => {
    const error = await callerFor(getDb(), team().owner).customer.get({ id: "nope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("lets managers and owners reassign owners, audited, and refuses SALES", async () => {
    const db = getDb();
    const input = { customerId: team().theirs.id, ownerId: team().sales.id, expectedVersion: team().theirs.version };
    expect(await codeOf(callerFor(db, team().sales).customer.assignOwner(input))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(db, team().sales).customer.assignableOwners())).toBe("FORBIDDEN");

    const updated = await callerFor(db, team().manager).customer.assignOwner(input);
    expect(updated.owner?.id).toBe(team().sales.id);
    const audit = await db.auditEntry.findMany({ where: { entityId: team().theirs.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: team().manager.id,
      action: "customer.assignOwner",
      before: { ownerId: team().otherSales.id },
      after: { ownerId: team().sales.id },
    });
    // The new owner now sees the customer.
    expect((await callerFor(db, team().sales).customer.get({ id: team().theirs.id })).id).toBe(team().theirs.id);
    expect((await callerFor(db, team().owner).customer.assignableOwners()).length).toBe(4);
  });

  it("refuses a reassignment based on a stale version and stores nothing", async () => {
    const db = getDb();
    const caller = callerFor(db, team().owner);
    await caller.customer.assignOwner({ customerId: team().mine.id, ownerId: null, expectedVersion: 0 });
    expect(
      await codeOf(caller.customer.assignOwner({ customerId: team().mine.id, ownerId: team().otherSales.id, expectedVersion: 0 })),
    ).toBe("CONFLICT");
    expect((await db.customer.findUniqueOrThrow({ where: { id: team().mine.id } })).ownerId).toBeNull();
    expect(await db.auditEntry.count()).toBe(1);
  });

  it("names the field when the new owner is unknown", async () => {
    const error = await callerFor(getDb(), team().owner)
      .customer.assignOwner({ customerId: team().mine.id, ownerId: "0196f1c2-7b1a-7c3d-8e4f-123456789abc", expectedVersion: 0 })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(((error as TRPCError).cause as AppError).fieldErrors).toEqual({ ownerId: ["validation.unknownStaff"] });
    expect(await getDb().auditEntry.count()).toBe(0);
  });
});

describeEachDatabase("creating customers", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("SALES creates a customer they own, in AWARENESS, with the first stage change and an audit entry", async () => {
    const db = getDb();
    const created = await callerFor(db, team().sales).customer.create({ name: "Dewi Anggraini", phone: "0813 1111 2222", tags: ["reseller"] });
    expect(created).toMatchObject({ owner: { id: team().sales.id, name: team().sales.name }, stage: "AWARENESS", phone: "+6281311112222", tags: ["reseller"] });
    const changes = await db.stageChange.findMany({ where: { customerId: created.id } });
    expect(changes).toMatchObject([{ fromStage: null, toStage: "AWARENESS", changedById: team().sales.id }]);
    expect(await db.auditEntry.count({ where: { entityId: created.id, action: "customer.create" } })).toBe(1);
    expect((await callerFor(db, team().sales).customer.list({ search: "anggraini" })).items.map((c) => c.id)).toEqual([created.id]);
  });

  it("refuses SALES assigning a new customer to someone else, and stores nothing", async () => {
    const db = getDb();
    const before = await db.customer.count();
    expect(
      await codeOf(callerFor(db, team().sales).customer.create({ name: "X", ownerId: team().otherSales.id })),
    ).toBe("FORBIDDEN");
    expect(await db.customer.count()).toBe(before);
  });

  it("lets managers choose the owner, or none", async () => {
    const db = getDb();
    const caller = callerFor(db, team().manager);
    expect((await caller.customer.create({ name: "A", ownerId: team().otherSales.id })).owner).toEqual({ id: team().otherSales.id, name: team().otherSales.name });
    expect((await caller.customer.create({ name: "B", ownerId: null })).owner).toBeNull();
    expect((await caller.customer.create({ name: "C" })).owner).toEqual({ id: team().manager.id, name: team().manager.name });
  });

  it("names each bad field and stores nothing", async () => {
    const db = getDb();
    const before = await db.customer.count();
    const error = await callerFor(db, team().owner)
      .customer.create({ name: "", phone: "12", email: "nope" })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(await db.customer.count()).toBe(before);
    expect(await db.stageChange.count()).toBe(0);
  });

  it("refuses visitors who are not signed in", async () => {
    expect(await codeOf(callerFor(getDb(), null).customer.create({ name: "X" }))).toBe("UNAUTHORIZED");
  });
});

describeEachDatabase("editing customers", (getDb) => {
  const team = freshTeamEachTest(getDb);
  const details = { name: "Siti Rahmawati", phone: "0812-9999-0000", email: "Siti@Toko.ID", city: "Bandung", segment: "Reseller", tags: ["vip"] };

  it("SALES edits their own customer: only changed fields are written, with before/after in the audit", async () => {
    const db = getDb();
    const mine = team().mine;
    const updated = await callerFor(db, team().sales).customer.update({ customerId: mine.id, expectedVersion: mine.version, ...details });
    expect(updated).toMatchObject({
      name: "Siti Rahmawati",
      phone: "+6281299990000",
      email: "siti@toko.id",
      city: "Bandung",
      segment: "Reseller",
      tags: ["vip"],
      version: mine.version + 1,
      owner: { id: team().sales.id, name: team().sales.name },
      stage: mine.stage,
    });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: mine.id, action: "customer.update" } });
    expect(audit.actorId).toBe(team().sales.id);
    expect(audit.before).toEqual({ name: mine.name, phone: "+6281234567890", email: null, city: null, segment: null, tags: [] });
    expect(audit.after).toEqual({ name: "Siti Rahmawati", phone: "+6281299990000", email: "siti@toko.id", city: "Bandung", segment: "Reseller", tags: ["vip"] });

    const timeline = await callerFor(db, team().sales).customer.timeline({ customerId: mine.id, kinds: ["edit"] });
    expect(timeline.events.map((e) => e.kind)).toEqual(["edit"]);
  });

  it("clears only the fields given as empty or null, and saving unchanged details changes nothing", async () => {
    const db = getDb();
    const caller = callerFor(db, team().manager);
    const first = await caller.customer.update({ customerId: team().mine.id, expectedVersion: team().mine.version, ...details });
    const cleared = await caller.customer.update({ customerId: first.id, expectedVersion: first.version, name: "Siti", phone: "", email: "  ", city: null, tags: [] });
    expect(cleared).toMatchObject({ name: "Siti", phone: null, email: null, city: null, segment: "Reseller", tags: [], version: first.version + 1 });
    const again = await caller.customer.update({ customerId: first.id, expectedVersion: cleared.version, name: "Siti" });
    expect(again.version).toBe(cleared.version);
    expect(await db.auditEntry.count({ where: { entityId: first.id, action: "customer.update" } })).toBe(2);
  });

  it("leaves every field absent from the input unchanged", async () => {
    const db = getDb();
    const caller = callerFor(db, team().manager);
    const first = await caller.customer.update({ customerId: team().mine.id, expectedVersion: team().mine.version, ...details });
    const onlyCity = await caller.customer.update({ customerId: first.id, expectedVersion: first.version, city: "Medan" });
    expect(onlyCity).toMatchObject({ ...details, phone: "+6281299990000", email: "siti@toko.id", city: "Medan", version: first.version + 1 });
    const nothing = await caller.customer.update({ customerId: first.id, expectedVersion: onlyCity.version });
    expect(nothing).toMatchObject({ ...details, phone: "+6281299990000", email: "siti@toko.id", city: "Medan", version: onlyCity.version });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: first.id, action: "customer.update" }, orderBy: { createdAt: "desc" } });
    expect([audit.before, audit.after]).toEqual([{ city: "Bandung" }, { city: "Medan" }]);
  });

  it("refuses clearing the name, naming the field", async () => {
    const mine = team().mine;
    for (const name of [null, "", "  "]) {
      const error = await callerFor(getDb(), team().sales)
        .customer.update({ customerId: mine.id, expectedVersion: mine.version, name: name as string })
        .catch((e: unknown) => e);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect(Object.keys(fieldErrorsFromZod((error as TRPCError).cause as ZodError))).toEqual(["name"]);
    }
    expect((await getDb().customer.findUniqueOrThrow({ where: { id: mine.id } })).name).toBe(mine.name);
  });

  it("an edit opened before a stage move or a touchpoint still saves: those do not change the details version", async () => {
    const db = getDb();
    const mine = team().mine;
    await callerFor(db, team().manager).customer.moveStage({ customerId: mine.id, expectedStage: mine.stage, toStage: "DESIRE" });
    const saved = await callerFor(db, team().sales).customer.update({ customerId: mine.id, expectedVersion: mine.version, city: "Bogor" });
    expect(saved).toMatchObject({ city: "Bogor", stage: "DESIRE" });
  });

  it("removes bidirectional control characters from names and other single-line text", async () => {
    const db = getDb();
    const mine = team().mine;
    const saved = await callerFor(db, team().sales).customer.update({
      customerId: mine.id,
      expectedVersion: mine.version,
      name: "\u202Eevil\u202C",
      city: "\u2067Ban\u200Fdung\u2069",
      tags: ["\u202Dvip"],
    });
    expect(saved).toMatchObject({ name: "evil", city: "Bandung", tags: ["vip"] });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: mine.id, action: "customer.update" } });
    expect(audit.after).toMatchObject({ name: "evil" });
  });

  it("refuses a NUL byte in any text field with a field error, storing nothing", async () => {
    const db = getDb();
    const mine = team().mine;
    for (const field of ["name", "phone", "email", "city", "segment"] as const) {
      const error = await callerFor(db, team().sales)
        .customer.update({ customerId: mine.id, expectedVersion: mine.version, [field]: "ab\u0000c" })
        .catch((e: unknown) => e);
      expect((error as TRPCError).code, field).toBe("BAD_REQUEST");
      expect(fieldErrorsFromZod((error as TRPCError).cause as ZodError), field).toEqual({ [field]: ["validation.invalidCharacters"] });
    }
    const tag = await callerFor(db, team().sales).customer.create({ name: "Tag", tags: ["ok", "a\u0000"] }).catch((e: unknown) => e);
    expect(fieldErrorsFromZod((tag as TRPCError).cause as ZodError)).toEqual({ "tags.1": ["validation.invalidCharacters"] });
    expect(await db.auditEntry.count()).toBe(0);
    expect(await db.customer.count()).toBe(2);
  });

  it("lets MANAGER and OWNER edit anyone's customer; SALES get not found for another owner's", async () => {
    const db = getDb();
    const theirs = team().theirs;
    expect(
      await codeOf(callerFor(db, team().sales).customer.update({ customerId: theirs.id, expectedVersion: theirs.version, name: "Hijacked" })),
    ).toBe("NOT_FOUND");
    expect((await db.customer.findUniqueOrThrow({ where: { id: theirs.id } })).name).toBe(theirs.name);
    const byManager = await callerFor(db, team().manager).customer.update({ customerId: theirs.id, expectedVersion: theirs.version, name: "Agus P." });
    const byOwner = await callerFor(db, team().owner).customer.update({ customerId: theirs.id, expectedVersion: byManager.version, name: "Agus Pratama" });
    expect(byOwner).toMatchObject({ name: "Agus Pratama", version: theirs.version + 2 });
  });

  it("refuses an edit based on a stale version and stores nothing", async () => {
    const db = getDb();
    const mine = team().mine;
    await callerFor(db, team().manager).customer.update({ customerId: mine.id, expectedVersion: mine.version, name: "First edit" });
    const error = await callerFor(db, team().sales)
      .customer.update({ customerId: mine.id, expectedVersion: mine.version, name: "Second edit" })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).name).toBe("First edit");
    expect(await db.auditEntry.count({ where: { entityId: mine.id, action: "customer.update" } })).toBe(1);
  });

  it("names each bad field and stores nothing", async () => {
    const db = getDb();
    const mine = team().mine;
    const error = await callerFor(db, team().sales)
      .customer.update({ customerId: mine.id, expectedVersion: mine.version, name: " ", phone: "12", email: "nope" })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsFromZod((error as TRPCError).cause as ZodError)).sort()).toEqual(["email", "name", "phone"]);
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ name: mine.name, version: mine.version });
  });

  it("refuses visitors who are not signed in", async () => {
    expect(
      await codeOf(callerFor(getDb(), null).customer.update({ customerId: team().mine.id, expectedVersion: 0, name: "X" })),
    ).toBe("UNAUTHORIZED");
  });
});

describeEachDatabase("moving customers between stages by hand", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("SALES moves their own customer, backwards or skipping, recorded as a stage change with reason and audited", async () => {
    const db = getDb();
    const caller = callerFor(db, team().sales);
    const mine = team().mine;
    const toAction = await caller.customer.moveStage({ customerId: mine.id, expectedStage: "AWARENESS", toStage: "ACTION", reason: "paid by bank transfer" });
    // The details version is for details: a stage move leaves it alone.
    expect(toAction).toMatchObject({ stage: "ACTION", version: mine.version });
    const back = await caller.customer.moveStage({ customerId: mine.id, expectedStage: "ACTION", toStage: "INTEREST" });
    expect(back.stage).toBe("INTEREST");
    expect(back.stageEnteredAt.getTime()).toBeGreaterThanOrEqual(toAction.stageEnteredAt.getTime());

    const changes = await db.stageChange.findMany({ where: { customerId: mine.id }, orderBy: { changedAt: "asc" } });
    expect(changes).toMatchObject([
      { fromStage: "AWARENESS", toStage: "ACTION", changedById: team().sales.id, reason: "paid by bank transfer", stageRuleId: null },
      { fromStage: "ACTION", toStage: "INTEREST", changedById: team().sales.id, reason: null },
    ]);
    const audits = await db.auditEntry.findMany({ where: { entityId: mine.id, action: "customer.moveStage" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      [{ stage: "AWARENESS" }, { stage: "ACTION", reason: "paid by bank transfer" }],
      [{ stage: "ACTION" }, { stage: "INTEREST", reason: null }],
    ]);
    // On the timeline once, as stage changes (the audit entries are not repeated as edits).
    const timeline = await caller.customer.timeline({ customerId: mine.id });
    expect(timeline.events.map((e) => e.kind)).toEqual(["stageChange", "stageChange"]);
  });

  it("lets MANAGER and OWNER move anyone's customer; SALES get not found for another owner's", async () => {
    const db = getDb();
    const theirs = team().theirs;
    expect(
      await codeOf(callerFor(db, team().sales).customer.moveStage({ customerId: theirs.id, expectedStage: theirs.stage, toStage: "LOYALTY" })),
    ).toBe("NOT_FOUND");
    expect(await db.stageChange.count({ where: { customerId: theirs.id } })).toBe(0);
    const byManager = await callerFor(db, team().manager).customer.moveStage({ customerId: theirs.id, expectedStage: theirs.stage, toStage: "DESIRE" });
    const byOwner = await callerFor(db, team().owner).customer.moveStage({ customerId: theirs.id, expectedStage: byManager.stage, toStage: "LOYALTY" });
    expect(byOwner.stage).toBe("LOYALTY");
    expect(await codeOf(callerFor(getDb(), null).customer.moveStage({ customerId: theirs.id, expectedStage: "DESIRE", toStage: "AWARENESS" }))).toBe("UNAUTHORIZED");
  });

  it("refuses the current stage, an unknown stage and a stage that changed meanwhile, naming the field, and stores nothing", async () => {
    const db = getDb();
    const caller = callerFor(db, team().manager);
    const mine = team().mine;
    const same = await caller.customer.moveStage({ customerId: mine.id, expectedStage: "AWARENESS", toStage: "AWARENESS" }).catch((e: unknown) => e);
    expect((same as TRPCError).code).toBe("BAD_REQUEST");
    expect(((same as TRPCError).cause as AppError).fieldErrors).toEqual({ toStage: ["validation.sameStage"] });

    const unknown = await caller.customer
      .moveStage({ customerId: mine.id, expectedStage: "AWARENESS", toStage: "VIP" as never })
      .catch((e: unknown) => e);
    expect((unknown as TRPCError).code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsFromZod((unknown as TRPCError).cause as ZodError))).toEqual(["toStage"]);

    // Someone else saw the customer in INTEREST; it is in AWARENESS now.
    const stale = await caller.customer.moveStage({ customerId: mine.id, expectedStage: "INTEREST", toStage: "DESIRE" }).catch((e: unknown) => e);
    expect((stale as TRPCError).code).toBe("CONFLICT");
    expect(await db.stageChange.count({ where: { customerId: mine.id } })).toBe(0);
    expect(await db.auditEntry.count({ where: { entityId: mine.id } })).toBe(0);
    expect((await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).stage).toBe("AWARENESS");
  });
});

describeEachDatabase("notes on customers", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("staff add notes to customers they may see; the timeline shows them with the author", async () => {
    const db = getDb();
    const note = await callerFor(db, team().sales).customer.addNote({ customerId: team().mine.id, body: "  prefers calls after 5 pm <b>really</b>  " });
    expect(note).toMatchObject({ body: "prefers calls after 5 pm <b>really</b>", author: { id: team().sales.id, name: team().sales.name } });
    // The declared shape: no customerId/authorId columns.
    expect(Object.keys(note).sort()).toEqual(["author", "body", "createdAt", "id"]);
    await callerFor(db, team().manager).customer.addNote({ customerId: team().theirs.id, body: "VIP at the Bandung store" });
    await callerFor(db, team().owner).customer.addNote({ customerId: team().theirs.id, body: "Owner knows them" });

    const timeline = await callerFor(db, team().sales).customer.timeline({ customerId: team().mine.id, kinds: ["note"] });
    expect(timeline.events).toMatchObject([{ kind: "note", note: { body: "prefers calls after 5 pm <b>really</b>", author: { name: team().sales.name } } }]);
    expect(await db.customerNote.count({ where: { customerId: team().theirs.id } })).toBe(2);
  });

  it("refuses SALES on another owner's customer, empty notes (naming the field) and visitors, storing nothing", async () => {
    const db = getDb();
    expect(await codeOf(callerFor(db, team().sales).customer.addNote({ customerId: team().theirs.id, body: "x" }))).toBe("NOT_FOUND");
    const empty = await callerFor(db, team().sales).customer.addNote({ customerId: team().mine.id, body: "   " }).catch((e: unknown) => e);
    expect((empty as TRPCError).code).toBe("BAD_REQUEST");
    expect(fieldErrorsFromZod((empty as TRPCError).cause as ZodError)).toEqual({ body: ["validation.required"] });
    expect(await codeOf(callerFor(db, null).customer.addNote({ customerId: team().mine.id, body: "x" }))).toBe("UNAUTHORIZED");
    expect(await db.customerNote.count()).toBe(0);
  });
});

describeEachDatabase("deleting customers", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("managers and owners delete softly: gone from lists, pages and logging, history kept, audited", async () => {
    const db = getDb();
    const mine = team().mine;
    await callerFor(db, team().manager).customer.delete({ customerId: mine.id, expectedVersion: mine.version });

    const stored = await db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    expect(stored.deletedAt).toBeInstanceOf(Date);
    for (const user of [team().sales, team().manager, team().owner]) {
      const caller = callerFor(db, user);
      expect((await caller.customer.list({})).items.map((c) => c.id)).not.toContain(mine.id);
      expect(await codeOf(caller.customer.get({ id: mine.id }))).toBe("NOT_FOUND");
    }
    expect(
      await codeOf(
        callerFor(db, team().sales).touchpoint.log({
          customerId: mine.id,
          channel: "WHATSAPP",
          type: "CHAT",
          direction: "INBOUND",
          occurredAt: new Date(Date.now() - 60_000),
        }),
      ),
    ).toBe("NOT_FOUND");
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: mine.id, action: "customer.delete" } });
    expect(audit).toMatchObject({ actorId: team().manager.id, before: { name: mine.name, ownerId: team().sales.id } });
    const log = await callerFor(db, team().owner).audit.list({ entityType: "Customer" });
    expect(log.entries[0]).toMatchObject({ action: "customer.delete", subject: mine.name, subjectDeleted: true });

    const theirs = team().theirs;
    await callerFor(db, team().owner).customer.delete({ customerId: theirs.id, expectedVersion: theirs.version });
    expect(await db.customer.count({ where: { deletedAt: null } })).toBe(0);
  });

  it("gives managers and owners the name of a deleted customer for the confirmation, and nothing else", async () => {
    const db = getDb();
    const { mine, theirs } = team();
    expect(await callerFor(db, team().manager).customer.deletedName({ id: mine.id })).toBeNull();
    await callerFor(db, team().manager).customer.delete({ customerId: mine.id, expectedVersion: mine.version });
    expect(await callerFor(db, team().manager).customer.deletedName({ id: mine.id })).toBe(mine.name);
    expect(await callerFor(db, team().owner).customer.deletedName({ id: mine.id })).toBe(mine.name);
    expect(await callerFor(db, team().owner).customer.deletedName({ id: theirs.id })).toBeNull();
    expect(await codeOf(callerFor(db, team().sales).customer.deletedName({ id: mine.id }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(db, null).customer.deletedName({ id: mine.id }))).toBe("UNAUTHORIZED");
    expect(await codeOf(callerFor(db, team().owner).customer.deletedName({ id: "Budi was deleted" }))).toBe("BAD_REQUEST");
  });

  it("refuses SALES (even their own customer), visitors, a stale version and a deleted customer, changing nothing", async () => {
    const db = getDb();
    const mine = team().mine;
    expect(await codeOf(callerFor(db, team().sales).customer.delete({ customerId: mine.id, expectedVersion: mine.version }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(db, null).customer.delete({ customerId: mine.id, expectedVersion: mine.version }))).toBe("UNAUTHORIZED");
    expect(await codeOf(callerFor(db, team().owner).customer.delete({ customerId: mine.id, expectedVersion: mine.version + 1 }))).toBe("CONFLICT");
    expect((await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).deletedAt).toBeNull();
    expect(await db.auditEntry.count()).toBe(0);

    await callerFor(db, team().owner).customer.delete({ customerId: mine.id, expectedVersion: mine.version });
    expect(await codeOf(callerFor(db, team().owner).customer.delete({ customerId: mine.id, expectedVersion: mine.version + 1 }))).toBe("NOT_FOUND");
  });
});
