import { Layout, theme } from "antd";
import type { ReactNode } from "react";

/** The header of both shells: stuck to the top over the page, on the container colour with a hairline below. */
export function StickyHeader({ height, paddingInline, children }: { height: number; paddingInline: number; children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Layout.Header
      style={{
        position: "sticky",
        top: 0,
        zIndex: 10,
        height,
        lineHeight: `${height}px`,
        paddingInline,
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
      }}
    >
      {children}
    </Layout.Header>
  );
}
