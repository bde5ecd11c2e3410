// Vitest global setup: one PostgreSQL server for the whole run (or TEST_DATABASE_URL when given).
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-server";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("postgresAdminUrl", process.env.TEST_DATABASE_URL);
    return;
  }
  const server = await startPostgres();
  project.provide("postgresAdminUrl", server.url);
  return () => server.stop();
}
