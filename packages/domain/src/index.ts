export * from "./scope";
export * from "./geo";
