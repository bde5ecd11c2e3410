// Row shapes of the demo's own bulk-loaded table (notes) and how it maps onto its columns (see
// bulk.ts). Customers, touchpoints, stage entries and grants are written by the domain's touchpoint
// batch.
import { bulkTable } from "../db/bulk";

export type NoteRow = { id: string; customerId: string; authorId: string | null; body: string; createdAt: Date };

const TIMESTAMP = "timestamptz(3)";

export const noteTable = bulkTable<NoteRow>("CustomerNote", [
  { name: "id", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "authorId", type: "uuid" },
  { name: "body", type: "text" },
  { name: "createdAt", type: TIMESTAMP },
]);
