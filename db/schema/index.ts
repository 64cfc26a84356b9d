// The schema object handed to drizzle(); each aggregate has its own file.
export * from "./enums";
export * from "./customers";
export * from "./suppressions";
export * from "./communications";
export * from "./attempts";
export * from "./documents";
export * from "./provider-events";
export * from "./webhook-rejections";
export * from "./webhook-inbox";
export * from "./templates";
export * from "./bulk-jobs";
export * from "./access";
export * from "./staff";
export * from "./outbox";
export * from "./reconciliation-runs";
export * from "./rate-limits";
export * from "./provider-routes";
