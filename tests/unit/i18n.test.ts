import { describe, expect, it } from "vitest";
import { en } from "@/server/i18n/en";
import { id } from "@/server/i18n/id";
import { localeFromAcceptLanguage, translateMessage, translator } from "@/server/i18n";
import { Channel, Role, Stage, TouchpointType } from "@/server/db/generated/enums";

describe("i18n", () => {
  it("has every English key in Bahasa Indonesia, with the same placeholders", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(id[key], key).toBeTruthy();
      expect(placeholders(id[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("labels every stage, channel, touchpoint type and role", () => {
    const keys = [
      ...Object.values(Stage).map((v) => `stage.${v}`),
      ...Object.values(Channel).map((v) => `channel.${v}`),
      ...Object.values(TouchpointType).map((v) => `type.${v}`),
      ...Object.values(Role).map((v) => `role.${v}`),
    ];
    for (const key of keys) expect(Object.keys(en), key).toContain(key);
  });

  it("fills placeholders and translates validation keys", () => {
    const t = translator("id");
    expect(t("timeline.stageChange", { from: "A", to: "B" })).toBe("Tahap: A → B");
    expect(translateMessage(t, "validation.amountRequired")).toBe("Masukkan jumlahnya");
    expect(translateMessage(t, "plain text")).toBe("plain text");
  });

  it("picks Bahasa Indonesia from the browser's language", () => {
    expect(localeFromAcceptLanguage("id-ID,id;q=0.9,en;q=0.8")).toBe("id");
    expect(localeFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage(undefined)).toBe("en");
  });
});
