// How each parameter of the customer table's URL is named in words: in a message about a link the
// table refuses, and in the filter an audit entry records (a bulk action's, issue 15 item 3).
import type { TableQueryKey } from "@/server/domain/customers/table-url";
import type { MessageKey } from "@/server/i18n";

/** How a URL parameter is named in a message about it. */
export const PARAMETER_LABEL: Record<TableQueryKey | "cursor" | "limit", MessageKey> = {
  search: "customers.table.filter.search",
  stages: "customers.table.filter.stages",
  owner: "customers.table.filter.owner",
  segment: "customers.table.filter.segment",
  city: "customers.table.filter.city",
  tag: "customers.table.filter.tag",
  channel: "customers.table.filter.channel",
  lastContactFrom: "customers.table.filter.lastContactFrom",
  lastContactTo: "customers.table.filter.lastContactTo",
  noContactDays: "customers.table.filter.noContactDays",
  hasUnredeemedReward: "customers.table.filter.hasUnredeemedReward",
  deleted: "customers.table.filter.deleted",
  sort: "customers.table.filter.sort",
  direction: "customers.table.filter.direction",
  cursor: "customers.table.pages",
  limit: "customers.table.pages",
};
