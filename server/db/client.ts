// Builds the Prisma client for the configured database. The app keeps one per process.
import { PrismaClient } from "./generated/client";
import type { Prisma } from "./generated/client";
import { openDatabase, type DatabaseConfig, type OpenDatabase, type OpenOptions } from "./adapter";

export type Db = PrismaClient;
/** A client or an interactive transaction: domain functions accept either. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

export type Database = { db: Db; kind: OpenDatabase["kind"]; close: () => Promise<void> };

/** A client over an already opened database (e.g. one that migrations were just applied to). */
export function clientFor(opened: OpenDatabase): Database {
  const db = new PrismaClient({ adapter: opened.factory });
  return {
    db,
    kind: opened.kind,
    close: async () => {
      await db.$disconnect();
      await opened.close();
    },
  };
}

export async function createDatabase(config: DatabaseConfig, opts: OpenOptions = {}): Promise<Database> {
  return clientFor(await openDatabase(config, opts));
}
