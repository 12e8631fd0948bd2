import { Grid } from "antd";

/** True below antd's `md` breakpoint (768 px): phones, where the layout goes single-column. */
export function useIsNarrow(): boolean {
  return Grid.useBreakpoint().md === false;
}
