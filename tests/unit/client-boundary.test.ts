// The lint rule that keeps database code and secrets out of client components
// (eslint-rules/client-boundary.mjs), run by ESLint's RuleTester on paths inside this project.
import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import rule from "@/eslint-rules/client-boundary.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = path.resolve(import.meta.dirname, "../..");
const at = (relative: string) => path.join(root, relative);
const options = [
  {
    root,
    clientSafe: ["server/domain/**/input.ts", "server/domain/timeline/kinds.ts", "server/domain/values/**", "server/db/generated/enums.ts"],
    serverPackages: ["server-only", "pg", "@prisma/**", "node:*", "fs", "crypto"],
  },
];

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
});

const clientFile = at("app/(app)/customers/[id]/example-form.tsx");
const client = (body: string) => `"use client";\n${body}\nexport function Example() { return null; }\n`;

tester.run("client-boundary", rule, {
  valid: [
    { name: "client component importing a declared input schema", filename: clientFile, options, code: client(`import { createCustomerInput } from "@/server/domain/customers/input";`) },
    { name: "client component importing generated enums by a relative path", filename: clientFile, options, code: client(`import { Stage } from "../../../../server/db/generated/enums";`) },
    { name: "type-only import of the router", filename: clientFile, options, code: client(`import type { AppRouter } from "@/server/api/root";`) },
    { name: "inline type-only specifiers", filename: clientFile, options, code: client(`import { type AppRouter } from "@/server/api/root";`) },
    { name: "client component importing packages for the browser", filename: clientFile, options, code: client(`import { useState } from "react";\nimport { z } from "zod";`) },
    { name: "client component importing a server action", filename: at("app/(auth)/setup/example-form.tsx"), options, code: client(`import { completeSetup } from "./actions";`) },
    { name: "client component importing another client component", filename: clientFile, options, code: client(`import { NoteForm } from "./note-form";`) },
    { name: "server component (no \"use client\") may import the database", filename: at("app/(app)/customers/example/page.tsx"), options, code: `import { getDb } from "@/server/db";\nimport "server-only";\nexport default function Page() { return null; }` },
    { name: "server module may import the database", filename: at("server/domain/customers/example.ts"), options, code: `import { getDb } from "../../db";` },
    { name: "client-safe module importing client-safe modules", filename: at("server/domain/customers/input.ts"), options, code: `import { TIMELINE_KINDS } from "../timeline/kinds";\nimport { requiredText } from "../values/text-fields";\nimport type { Db } from "../../db/client";` },
    { name: "a \"use client\" directive after a comment counts", filename: at("app/_components/example.tsx"), options, code: `// comment\n"use client";\nimport type { Db } from "@/server/db/client";` },
  ],
  invalid: [
    {
      name: "a dynamic import whose module name is computed (a template literal or a variable)",
      filename: clientFile,
      options,
      code: client("const name = \"db\";\nvoid import(`@/server/${name}`);\nvoid import(name);"),
      errors: [{ messageId: "dynamicSource" }, { messageId: "dynamicSource" }],
    },
    {
      name: "require() of database code, and Node built-ins by their bare names",
      filename: clientFile,
      options,
      code: client(`const db = require("@/server/db/client");\nimport fs from "fs";\nimport { randomBytes } from "crypto";`),
      errors: [{ messageId: "notClientSafe" }, { messageId: "serverPackage" }, { messageId: "serverPackage" }],
    },
    {
      name: "client component importing server/db/index",
      filename: clientFile,
      options,
      code: client(`import { getDb } from "@/server/db/index";`),
      errors: [{ messageId: "notClientSafe", data: { source: "@/server/db/index", target: "server/db/index.ts", who: "a client component" } }],
    },
    {
      name: "client component importing a folder's index",
      filename: clientFile,
      options,
      code: client(`import { getDb } from "@/server/db";`),
      errors: [{ messageId: "notClientSafe" }],
    },
    {
      name: "client component importing database code by a relative path",
      filename: clientFile,
      options,
      code: client(`import { getSettings } from "../../../../server/domain/settings/settings";`),
      errors: [{ messageId: "notClientSafe", data: { source: "../../../../server/domain/settings/settings", target: "server/domain/settings/settings.ts", who: "a client component" } }],
    },
    {
      name: "a value import next to a type import still bundles the module",
      filename: clientFile,
      options,
      code: client(`import { type AppRouter, appRouter } from "@/server/api/root";`),
      errors: [{ messageId: "notClientSafe" }],
    },
    {
      name: "re-export and dynamic import",
      filename: clientFile,
      options,
      code: client(`export { getDb } from "@/server/db";\nexport * from "@/server/db/client";\nconst lazy = () => import("@/server/db");`),
      errors: [{ messageId: "notClientSafe" }, { messageId: "notClientSafe" }, { messageId: "notClientSafe" }],
    },
    {
      name: "client component importing a plain server module outside server/",
      filename: clientFile,
      options,
      code: client(`import { currentActor } from "@/app/_lib/current-actor";`),
      errors: [{ messageId: "notClientSafe" }],
    },
    {
      name: "client component importing server-only packages",
      filename: clientFile,
      options,
      code: client(`import "server-only";\nimport { Pool } from "pg";\nimport { PrismaClient } from "@prisma/client";\nimport fs from "node:fs";`),
      errors: [{ messageId: "serverPackage" }, { messageId: "serverPackage" }, { messageId: "serverPackage" }, { messageId: "serverPackage" }],
    },
    {
      name: "client-safe module importing server/db/client",
      filename: at("server/domain/values/example.ts"),
      options,
      code: `import { getDb } from "../../db/client";`,
      errors: [{ messageId: "notClientSafe", data: { source: "../../db/client", target: "server/db/client.ts", who: "a client-safe module" } }],
    },
    {
      name: "client-safe module importing a module not declared client-safe",
      filename: at("server/domain/customers/input.ts"),
      options,
      code: `import { STAGES } from "../stages/stages";`,
      errors: [{ messageId: "notClientSafe" }],
    },
  ],
});
