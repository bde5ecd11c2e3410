// The kinds of event on a customer's timeline. Client-safe: the timeline's filter uses them.
export const TIMELINE_KINDS = ["touchpoint", "stageChange", "rewardGranted", "rewardRedeemed", "note", "edit"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
