import { Flex, Typography } from "antd";

/** The rainbow-bridge mark. */
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <g fill="none" strokeWidth="6" strokeLinecap="round">
        <path d="M8 50a24 24 0 0 1 48 0" stroke="#e53935" />
        <path d="M15 50a17 17 0 0 1 34 0" stroke="#fb8c00" />
        <path d="M22 50a10 10 0 0 1 20 0" stroke="#fdd835" />
      </g>
    </svg>
  );
}

interface BrandProps {
  /** Show the English name under the Chinese one. */
  subtitle?: string;
  size?: "small" | "large";
  color?: string;
}

/** 彩虹桥 Caihong, with the mark. */
export function Brand({ subtitle, size = "small", color }: BrandProps) {
  const isLarge = size === "large";
  return (
    <Flex align="center" gap={isLarge ? 12 : 8}>
      <BrandMark size={isLarge ? 48 : 28} />
      <div style={{ lineHeight: 1.2 }}>
        <Typography.Text strong style={{ fontSize: isLarge ? 26 : 17, color, whiteSpace: "nowrap" }}>
          彩虹桥 <span style={{ fontWeight: 400, opacity: 0.75 }}>Caihong</span>
        </Typography.Text>
        {subtitle ? (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: isLarge ? 14 : 12 }}>
              {subtitle}
            </Typography.Text>
          </div>
        ) : null}
      </div>
    </Flex>
  );
}
