import { describe, expect, it } from "vitest";
import { escapeXml, formatOfUrl, render, splitFormat, toXml } from "./open311.xml";

describe("Open311 XML and formats", () => {
  it("escapes the five XML specials and drops code points XML 1.0 cannot carry", () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe("a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
    expect(escapeXml("bell\u0007 tab\t line\n")).toBe("bell tab\t line\n");
  });

  it("wraps list items in the singular element, leaves nulls out and writes booleans as true/false", () => {
    expect(toXml("services", [{ service_code: "0601", metadata: true, description: null }, { service_code: "0602", metadata: false }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>0601</service_code><metadata>true</metadata></service><service><service_code>0602</service_code><metadata>false</metadata></service></services>\n',
    );
    expect(toXml("service_requests", [])).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<service_requests></service_requests>\n');
  });

  it("renders JSON with lists as top-level arrays and ids kept as strings", () => {
    expect(render("json", "service_requests", [{ service_request_id: "0001" }])).toBe('[{"service_request_id":"0001"}]');
  });

  it("knows only .json and .xml", () => {
    expect(splitFormat("0601.json")).toEqual({ name: "0601", format: "json" });
    expect(splitFormat("XH-2026-000001.XML")).toEqual({ name: "XH-2026-000001", format: "xml" });
    expect(splitFormat("0601.yaml")).toBeNull();
    expect(splitFormat("0601")).toBeNull();
    expect(splitFormat(".json")).toBeNull();
    expect(formatOfUrl("/open311/v2/requests.xml?status=open")).toBe("xml");
    expect(formatOfUrl("/open311/v2/requests.yaml")).toBe("json");
  });
});
