export * from "./types";
export * from "./workflow";
export * from "./calendar";
export * from "./holidays-cn";
export * from "./escalation";
export * from "./sla";
export * from "./categories";
export * from "./evaluation-sets";
