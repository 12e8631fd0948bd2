import { Flex, Typography } from "antd";
import type { ReactNode } from "react";

interface PageHeaderProps {
  title: ReactNode;
  /** Action buttons on the right (wrapping under the title on narrow screens). */
  extra?: ReactNode;
  description?: ReactNode;
}

/** The title row of a page. */
export function PageHeader({ title, extra, description }: PageHeaderProps) {
  return (
    <div style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra ? (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        ) : null}
      </Flex>
      {description ? (
        <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
          {description}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
