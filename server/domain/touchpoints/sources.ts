// Where a touchpoint came from (its `source`). Client-safe. `externalId` is unique per source, so a
// retried import row or API call finds the touchpoint it already created.

/** Logged by staff in the app. */
export const UI_SOURCE = "ui";
/** A CSV import. */
export const IMPORT_SOURCE = "import";

/** "ui", "import", or "api:<api key id>" for a touchpoint sent through the ingestion API with that key. */
export type TouchpointSource = typeof UI_SOURCE | typeof IMPORT_SOURCE | `api:${string}`;

/** The source of touchpoints sent with API key `apiKeyId`. */
export const apiSource = (apiKeyId: string): TouchpointSource => `api:${apiKeyId}`;
