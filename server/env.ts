// Environment variables, read and validated once. Everything else imports `env`, never process.env.
import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** PostgreSQL connection string; when absent the embedded PGlite database under PGLITE_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().default(".data/pglite"),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters").optional(),
  /** "false" keeps the embedded database's first start from loading demo data (it shows the setup
   * page instead). PostgreSQL never gets demo data unless `db:seed` is run. */
  DEMO_MODE: z.enum(["true", "false"]).optional(),
  /** The app's public address (next-auth reads it too; `npm start` sets http://localhost:PORT when unset). An https address makes session cookies
   * Secure with the __Secure- prefix. */
  NEXTAUTH_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  /** "true" when the app sits behind a reverse proxy that sets X-Forwarded-For/-Proto/-Host: only
   * then are those headers believed (client address for sign-in throttling, https for cookies, the
   * host for the same-origin check). */
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** "off" keeps this instance from running background jobs (server/jobs: the daily expiries, rule
   * re-evaluation), e.g. for tests and benchmarks; other instances on the same database still run them. */
  JOBS: z.enum(["on", "off"]).default("on"),
});

export type Env = z.infer<typeof envSchema>;

function readEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export const env = readEnv();
