/**
 * `data-testid` for props objects that antd forwards to the DOM but whose types do not list
 * data attributes (okButtonProps, onRow, …). Ids are listed in apps/web/TESTIDS.md.
 */
export function testId(id: string): Record<never, never> {
  return { "data-testid": id };
}
