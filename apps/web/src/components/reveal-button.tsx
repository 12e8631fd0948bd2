import { EyeInvisibleOutlined, EyeOutlined } from "@ant-design/icons";
import { Button, Tooltip } from "antd";
import type { Reveal } from "./use-reveal";

/** The eye button of a masked cell: shows the personal data (an audited read) or masks it again. */
export function RevealButton({ reveal, title, testId }: { reveal: Reveal<unknown>; title: string; testId: string }) {
  return (
    <Tooltip title={title}>
      <Button
        type="text"
        size="small"
        loading={reveal.isLoading}
        icon={reveal.isShown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
        onClick={() => void reveal.toggle()}
        aria-label={title}
        data-testid={testId}
      />
    </Tooltip>
  );
}
