// Where a touchpoint came from (its `source`). Client-safe. `externalId` is unique per source, so a
// retried import row or API call finds the touchpoint it already created.

/** Logged by staff in the app. */
export const UI_SOURCE = "ui";
/** A CSV import. */
export const IMPORT_SOURCE = "import";

/** "ui", "api:<api key id>" for a touchpoint sent through the ingestion API with that key, or the
 * source an import names ("shopee", "pos", …; "import" by default; imports/run.ts
 * SOURCE_NAME: never "ui" and never with a ":"). */
export type TouchpointSource = string;

/** The source of touchpoints sent with API key `apiKeyId`. */
export const apiSource = (apiKeyId: string): TouchpointSource => `api:${apiKeyId}`;
