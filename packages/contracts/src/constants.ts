/** Everything in contracts that needs no zod: safe for the web bundle. */
export * from "./catalog";
export * from "./error-codes";
export * from "./limits";
export * from "./locale";
export * from "./messages";
export * from "./checksums";
export * from "./inbox";
