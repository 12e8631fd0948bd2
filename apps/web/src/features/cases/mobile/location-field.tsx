import { AimOutlined, CheckCircleFilled, EnvironmentOutlined } from "@ant-design/icons";
import { Button, Flex, Input, Switch, Typography, theme } from "antd";
import { lazy, Suspense, useState } from "react";
import { useI18n, type MessageKey } from "../../../i18n/i18n";
import { formatLngLat, parseCoordinate, parseLngLatPair } from "../../map/typed-coords";
import type { ReportLocation } from "./report-location";

const LocationMap = lazy(() => import("./location-map"));

interface LocationFieldProps {
  value?: ReportLocation | null;
  onChange?: (value: ReportLocation | null) => void;
  /** Show the grid map to tap on. */
  canUseMap: boolean;
  /** Draw the public boundaries (callers without `grids.read`). */
  isPublicMap?: boolean;
  testId: string;
}

const CRS_NAMES: Record<ReportLocation["crs"], MessageKey> = {
  wgs84: "mobile.location.crs.wgs84",
  gcj02: "mobile.location.crs.gcj02",
  bd09: "mobile.location.crs.bd09",
};

/** Why the browser gave no position, as a message key. */
function geolocationProblem(error: GeolocationPositionError | null): MessageKey {
  if (!window.isSecureContext || !("geolocation" in navigator)) return "mobile.location.gpsUnsupported";
  if (error?.code === 1) return "mobile.location.gpsDenied";
  if (error?.code === 3) return "mobile.location.gpsTimeout";
  return "mobile.location.gpsUnavailable";
}

/**
 * Where the problem is: the phone's position (browsers give WGS84), a tap on the grid map, or a
 * coordinate typed or pasted from WeChat / AMap with its system (GCJ-02). The point is sent with
 * its system and the server converts it; nothing is shifted here. Test ids `<testId>-gps`,
 * `<testId>-lng`, `<testId>-lat`, `<testId>-gcj`, `<testId>-value`.
 */
export function LocationField({ value, onChange, canUseMap, isPublicMap = false, testId }: LocationFieldProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const [lngText, setLngText] = useState(value ? String(value.lng) : "");
  const [latText, setLatText] = useState(value ? String(value.lat) : "");
  const [isGcj, setIsGcj] = useState(value?.crs === "gcj02");
  const [isLocating, setIsLocating] = useState(false);
  const [gps, setGps] = useState<{ accuracy: number } | { problem: MessageKey } | null>(null);

  /** A point from the phone or the map: shown in the inputs too, so it can be corrected by hand. */
  const adopt = (next: ReportLocation) => {
    setLngText(next.lng.toFixed(6));
    setLatText(next.lat.toFixed(6));
    setIsGcj(next.crs === "gcj02");
    onChange?.(next);
  };

  const typed = (lng: string, lat: string, gcj: boolean) => {
    setLngText(lng);
    setLatText(lat);
    setIsGcj(gcj);
    setGps(null);
    const x = parseCoordinate(lng, "lng");
    const y = parseCoordinate(lat, "lat");
    onChange?.(x !== null && y !== null ? { lng: x, lat: y, crs: gcj ? "gcj02" : "wgs84" } : null);
  };

  const onLngInput = (text: string) => {
    // A pasted "lng,lat" pair fills both boxes.
    const pair = parseLngLatPair(text);
    if (pair) typed(String(pair[0]), String(pair[1]), isGcj);
    else typed(text, latText, isGcj);
  };

  const locate = () => {
    if (!window.isSecureContext || !("geolocation" in navigator)) {
      setGps({ problem: geolocationProblem(null) });
      return;
    }
    setIsLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setIsLocating(false);
        setGps({ accuracy: Math.round(position.coords.accuracy) });
        adopt({ lng: position.coords.longitude, lat: position.coords.latitude, crs: "wgs84" });
      },
      (error) => {
        setIsLocating(false);
        setGps({ problem: geolocationProblem(error) });
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <Flex vertical gap={8}>
      <Button icon={<AimOutlined />} onClick={locate} loading={isLocating} block data-testid={`${testId}-gps`}>
        {t("mobile.location.useGps")}
      </Button>
      {gps && "problem" in gps ? (
        <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`${testId}-gps-problem`}>
          {t(gps.problem)}
        </Typography.Text>
      ) : null}
      {canUseMap ? (
        <div>
          <Suspense fallback={<div style={{ height: 220 }} />}>
            <LocationMap value={value ?? null} onPick={adopt} isPublic={isPublicMap} />
          </Suspense>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("mobile.location.tapMap")}
          </Typography.Text>
        </div>
      ) : null}
      <Flex gap={8}>
        <Input
          value={lngText}
          onChange={(event) => onLngInput(event.target.value)}
          placeholder={t("mobile.location.lng")}
          inputMode="decimal"
          aria-label={t("mobile.location.lng")}
          data-testid={`${testId}-lng`}
        />
        <Input
          value={latText}
          onChange={(event) => typed(lngText, event.target.value, isGcj)}
          placeholder={t("mobile.location.lat")}
          inputMode="decimal"
          aria-label={t("mobile.location.lat")}
          data-testid={`${testId}-lat`}
        />
      </Flex>
      <Flex align="center" gap={8}>
        <Switch size="small" checked={isGcj} onChange={(checked) => typed(lngText, latText, checked)} aria-label={t("mobile.location.gcjSwitch")} data-testid={`${testId}-gcj`} />
        <Typography.Text style={{ fontSize: 13 }}>{t("mobile.location.gcjSwitch")}</Typography.Text>
      </Flex>
      <Typography.Text style={{ fontSize: 13 }} data-testid={`${testId}-value`} data-has-value={value ? "true" : "false"}>
        {value ? (
          <>
            <CheckCircleFilled style={{ color: token.colorSuccess, marginInlineEnd: 6 }} />
            {t("mobile.location.chosen", { point: formatLngLat(value.lng, value.lat), crs: t(CRS_NAMES[value.crs]) })}
            {gps && "accuracy" in gps ? ` · ${t("mobile.location.accuracy", { meters: gps.accuracy })}` : ""}
          </>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            <EnvironmentOutlined style={{ marginInlineEnd: 6 }} />
            {t("mobile.location.none")}
          </Typography.Text>
        )}
      </Typography.Text>
    </Flex>
  );
}
