export * from "./levels";
export * from "./path";
