// Lifecycle stages (AIDA plus loyalty), in funnel order. Client-safe: no database code.
import type { Stage } from "../../db/generated/enums";

export const STAGES = ["AWARENESS", "INTEREST", "DESIRE", "ACTION", "LOYALTY"] as const satisfies readonly Stage[];

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}
