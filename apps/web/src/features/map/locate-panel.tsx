import { AimOutlined, CloseOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Input, Switch, Typography, type FormInstance } from "antd";
import type { TCrs, TLocateResult } from "../../api/grids.api";
import { useI18n } from "../../i18n/i18n";
import { CrsSelect } from "./crs-select";
import { chainText } from "./grid-search";
import { parseCoordinate } from "./typed-coords";

export interface LocateValues {
  lng: string;
  lat: string;
  crs: TCrs;
}

interface LocatePanelProps {
  form: FormInstance<LocateValues>;
  isPicking: boolean;
  onPickingChange: (isPicking: boolean) => void;
  onSubmit: (lng: number, lat: number, crs: TCrs) => void;
  isLocating: boolean;
  result: TLocateResult | null;
  onClose: () => void;
}

/** "Which grid is this?": click the map, or type a coordinate in WGS84, GCJ-02 or BD-09. */
export function LocatePanel({ form, isPicking, onPickingChange, onSubmit, isLocating, result, onClose }: LocatePanelProps) {
  const { t } = useI18n();
  const coordinateRule = (axis: "lng" | "lat") => ({
    validator: (_: unknown, value: string | undefined) =>
      parseCoordinate(value ?? "", axis) === null ? Promise.reject(new Error(t(axis === "lng" ? "map.locate.lngInvalid" : "map.locate.latInvalid"))) : Promise.resolve(),
  });
  return (
    <Card
      size="small"
      data-testid="map-locate-panel"
      title={
        <Flex align="center" gap={6}>
          <AimOutlined />
          {t("map.locate.title")}
        </Flex>
      }
      extra={<Button type="text" size="small" icon={<CloseOutlined />} aria-label={t("map.card.close")} onClick={onClose} data-testid="map-locate-close" />}
      style={{ width: "100%", boxShadow: "0 6px 16px rgba(0,0,0,0.12)" }}
    >
      <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
        <Switch size="small" checked={isPicking} onChange={onPickingChange} aria-label={t("map.locate.pick")} data-testid="map-locate-pick" />
        <Typography.Text>{t("map.locate.pick")}</Typography.Text>
      </Flex>
      {isPicking ? <Alert type="info" showIcon title={t("map.locate.pickHint")} style={{ marginBottom: 12 }} /> : null}
      <Form<LocateValues>
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ lng: "", lat: "", crs: "wgs84" }}
        onFinish={(values) => onSubmit(parseCoordinate(values.lng, "lng")!, parseCoordinate(values.lat, "lat")!, values.crs)}
        requiredMark={false}
      >
        <Flex gap={8}>
          <Form.Item name="lng" label={t("map.locate.lng")} rules={[coordinateRule("lng")]} style={{ flex: 1, marginBottom: 8 }}>
            <Input inputMode="decimal" placeholder="121.3219" autoComplete="off" data-testid="map-locate-lng" />
          </Form.Item>
          <Form.Item name="lat" label={t("map.locate.lat")} rules={[coordinateRule("lat")]} style={{ flex: 1, marginBottom: 8 }}>
            <Input inputMode="decimal" placeholder="31.1944" autoComplete="off" data-testid="map-locate-lat" />
          </Form.Item>
        </Flex>
        <Form.Item name="crs" label={t("map.locate.crs")} style={{ marginBottom: 12 }}>
          <CrsSelect testId="map-locate-crs" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={isLocating} icon={<AimOutlined />} data-testid="map-locate-submit">
          {t("map.locate.submit")}
        </Button>
      </Form>
      {result ? (
        <div data-testid="map-locate-result" data-inside={String(result.isInside)} style={{ marginTop: 12 }}>
          {result.isInside ? (
            <Alert
              type="success"
              showIcon
              title={<span data-testid="map-locate-chain" style={{ fontSize: 14 }}>{chainText(result.chain)}</span>}
              description={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("map.locate.wgs84", { lng: result.wgs84.lng.toFixed(6), lat: result.wgs84.lat.toFixed(6) })}
                </Typography.Text>
              }
            />
          ) : (
            <Alert type="warning" showIcon title={result.message} description={t("map.locate.wgs84", { lng: result.wgs84.lng.toFixed(6), lat: result.wgs84.lat.toFixed(6) })} />
          )}
        </div>
      ) : null}
    </Card>
  );
}
