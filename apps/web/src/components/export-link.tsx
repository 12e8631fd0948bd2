import { DownloadOutlined } from "@ant-design/icons";
import { Button } from "antd";

/**
 * An Excel export as a plain link: the browser downloads the GET with the session cookie, and the
 * server names the file (Content-Disposition).
 */
export function ExportLink({ href, label, testId }: { href: string; label: string; testId: string }) {
  return (
    <Button icon={<DownloadOutlined />} href={href} download data-testid={testId}>
      {label}
    </Button>
  );
}
