import { Flex, Spin } from "antd";

/** Centered spinner while the session or a route chunk loads. */
export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: "60vh" }}>
      <Spin size="large" />
    </Flex>
  );
}
