export * from "./scope";
