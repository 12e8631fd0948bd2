import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isUniqueViolation } from "./db-errors";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a refused connection", withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["a reset connection", withCode("ECONNRESET")],
    ["admin_shutdown (a fast stop ends the session)", withCode("57P01", "terminating connection due to administrator command")],
    ["cannot_connect_now (starting up or shutting down)", withCode("57P03", "the database system is shutting down")],
    ["a connection exception (class 08)", withCode("08006")],
    ["the driver's own words for a cut connection", new Error("Connection terminated unexpectedly")],
    ["a client that broke earlier", new Error("Client has encountered a connection error and is not queryable")],
    ["Drizzle's wrapper around any of these", Object.assign(new Error("Failed query: select 1"), { cause: withCode("57P01") })],
    ["a connect tried on several addresses", Object.assign(new AggregateError([withCode("ECONNREFUSED")], "connect failed"), { code: undefined })],
  ])("is true for %s", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ["a unique violation", withCode("23505")],
    ["a serialization failure", withCode("40001")],
    ["a query cancelled by timeout", withCode("57014")],
    ["a bug", new TypeError("cannot read properties of undefined")],
    ["nothing", undefined],
  ])("is false for %s", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it("leaves the unique-violation check as it was", () => {
    expect(isUniqueViolation(Object.assign(new Error("dup"), { cause: Object.assign(withCode("23505"), { constraint: "k" }) }), "k")).toBe(true);
  });
});
