export * from "./redact";
