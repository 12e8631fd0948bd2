import { AimOutlined, SearchOutlined } from "@ant-design/icons";
import { LIMITS } from "@caihong/contracts/constants";
import { GRID_LEVEL, GRID_LEVELS, isGridLevel, type GridLevel } from "@caihong/domain/grids";
import { Alert, AutoComplete, Button, Checkbox, Flex, Form, Input, Spin, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { isApiError } from "../../api/client";
import { getGridMap, getMapSettings, locateGrid, type TCrs, type TLocateResult } from "../../api/grids.api";
import { useRequest } from "../../api/hooks";
import { gridLevelLabel } from "../../components/grid-level";
import { LoadError } from "../../components/status-pages";
import { useIsNarrow } from "../../components/use-is-narrow";
import { useProblemHandler } from "../../components/use-problem";
import { useI18n } from "../../i18n/i18n";
import { GridCard } from "./grid-card";
import { GridMap, type FocusRequest } from "./grid-map";
import { searchGrids } from "./grid-search";
import { LocatePanel, type LocateValues } from "./locate-panel";
import { LEVEL_COLORS } from "./map-styles";

const OVERLAY_Z = 1000; // above Leaflet's panes (400–700) and controls (800)
const LOCATE_WIDTH = 300;
const CARD_WIDTH = 360;

/** 网格地图: the four levels as layers, a card per grid, search, and "which grid is this?". */
export function MapPage() {
  const { t, label } = useI18n();
  const isNarrow = useIsNarrow();
  const onProblem = useProblemHandler();
  const settings = useRequest(() => getMapSettings(), []);
  const collection = useRequest(() => getGridMap(), []);
  const features = useMemo(() => collection.data?.features ?? [], [collection.data]);

  const [visibleLevels, setVisibleLevels] = useState<GridLevel[]>([...GRID_LEVELS]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [search, setSearch] = useState("");

  const [locateForm] = Form.useForm<LocateValues>();
  const [isLocateOpen, setIsLocateOpen] = useState(false);
  const [isPicking, setIsPicking] = useState(false);
  const [isLocating, setIsLocating] = useState(false);
  const [located, setLocated] = useState<TLocateResult | null>(null);

  /** Selects a grid, shows its level if hidden, and zooms to it. */
  const selectGrid = (id: string, level: number) => {
    setSelectedId(id);
    if (isGridLevel(level) && !visibleLevels.includes(level)) setVisibleLevels((prev) => [...prev, level].sort());
    setFocus((prev) => ({ kind: "grid", id, seq: (prev?.seq ?? 0) + 1 }));
  };

  const locate = async (lng: number, lat: number, crs: TCrs) => {
    setIsLocating(true);
    try {
      const result = await locateGrid(lng, lat, crs);
      setLocated(result);
      const micro = result.isInside ? result.chain[result.chain.length - 1] : undefined;
      if (micro) selectGrid(micro.id, micro.level);
      else {
        // Outside: drop the previous card and show how far the point is from the area.
        setSelectedId(null);
        setFocus((prev) => ({ kind: "point", ...result.wgs84, seq: (prev?.seq ?? 0) + 1 }));
      }
    } catch (err) {
      onProblem(err);
    } finally {
      setIsLocating(false);
    }
  };

  const pick = ([lng, lat]: [number, number]) => {
    // A click is in the basemap's system: GCJ-02 on AMap tiles, WGS84 on the plain background.
    const crs = settings.data?.tileCrs ?? "wgs84";
    locateForm.setFieldsValue({ lng: lng.toFixed(6), lat: lat.toFixed(6), crs });
    void locate(lng, lat, crs);
  };

  const searchOptions = useMemo(
    () =>
      searchGrids(
        features.map((feature) => feature.properties),
        search,
      ).map((grid) => ({
        value: grid.id,
        label: (
          <Flex justify="space-between" gap={8} data-testid={`map-search-option-${grid.code}`}>
            <span>
              {grid.name}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {grid.code}
              </Typography.Text>
            </span>
            <Tag style={{ marginInlineEnd: 0 }}>{gridLevelLabel(grid.level, label)}</Tag>
          </Flex>
        ),
      })),
    [features, search, label],
  );

  const toolbar = (
    <Flex wrap align="center" gap={12} style={{ marginBottom: 12 }}>
      <Typography.Title level={4} style={{ margin: 0, marginInlineEnd: 8 }}>
        {t("map.title")}
      </Typography.Title>
      <AutoComplete
        value={search}
        options={searchOptions}
        onChange={setSearch}
        onSelect={(id: string) => {
          const feature = features.find((candidate) => candidate.id === id);
          if (!feature) return;
          setSearch(feature.properties.name);
          selectGrid(feature.id, feature.properties.level);
        }}
        popupMatchSelectWidth={360}
        style={{ flex: "1 1 220px", maxWidth: 320 }}
        data-testid="map-search"
      >
        <Input allowClear prefix={<SearchOutlined />} placeholder={t("map.search")} maxLength={LIMITS.search.max} />
      </AutoComplete>
      <Flex wrap gap={4} align="center" role="group" aria-label={t("map.layers")}>
        {GRID_LEVELS.map((level) => (
          <Checkbox
            key={level}
            checked={visibleLevels.includes(level)}
            onChange={(event) => setVisibleLevels((prev) => (event.target.checked ? [...prev, level].sort() : prev.filter((l) => l !== level)))}
            data-testid={`map-layer-toggle-${level}`}
          >
            <Flex align="center" gap={4} component="span">
              <span
                aria-hidden
                style={{ display: "inline-block", width: 14, height: 0, borderTop: `${level <= GRID_LEVEL.disposal ? 3 : 2}px solid ${LEVEL_COLORS[level]}` }}
              />
              {gridLevelLabel(level, label)}
            </Flex>
          </Checkbox>
        ))}
      </Flex>
      <Button
        icon={<AimOutlined />}
        type={isLocateOpen ? "primary" : "default"}
        onClick={() => {
          setIsLocateOpen((open) => !open);
          setIsPicking(false);
        }}
        style={{ marginInlineStart: "auto" }}
        data-testid="map-locate-toggle"
      >
        {t("map.locate.open")}
      </Button>
    </Flex>
  );

  const isLoading = collection.loading || settings.loading;
  const loadError = collection.error ?? settings.error;

  return (
    <Flex vertical style={{ height: isNarrow ? "calc(100vh - 96px)" : "calc(100vh - 152px)", minHeight: 480 }}>
      {toolbar}
      {loadError ? (
        <LoadError
          onRetry={() => {
            collection.reload();
            settings.reload();
          }}
          detail={isApiError(loadError) ? loadError.problem.detail : undefined}
        />
      ) : (
        <div style={{ position: "relative", flex: 1, minHeight: 0 }}>
          {settings.data ? (
            <GridMap
              features={features}
              settings={settings.data}
              visibleLevels={visibleLevels}
              selectedId={selectedId}
              focus={focus}
              insets={{ left: isLocateOpen && !isNarrow ? LOCATE_WIDTH + 70 : 48, right: selectedId || focus?.kind === "grid" ? (isNarrow ? 48 : CARD_WIDTH + 26) : 48 }}
              marker={located?.wgs84 ?? null}
              isPicking={isPicking}
              onSelect={(id) => setSelectedId(id)}
              onPick={pick}
            />
          ) : null}
          {isLoading ? (
            <Flex align="center" justify="center" style={{ position: "absolute", inset: 0, zIndex: OVERLAY_Z, background: "rgba(255,255,255,0.5)" }}>
              <Spin size="large" />
            </Flex>
          ) : null}
          {!isLoading && features.length === 0 ? (
            <Alert type="info" showIcon title={t("map.empty")} style={{ position: "absolute", top: 10, left: 54, right: 10, zIndex: OVERLAY_Z }} />
          ) : null}
          {isLocateOpen ? (
            <div style={{ position: "absolute", top: 10, left: 54, width: isNarrow ? "calc(100% - 64px)" : LOCATE_WIDTH, zIndex: OVERLAY_Z + 1 }}>
              <LocatePanel
                form={locateForm}
                isPicking={isPicking}
                onPickingChange={setIsPicking}
                onSubmit={(lng, lat, crs) => void locate(lng, lat, crs)}
                isLocating={isLocating}
                result={located}
                onClose={() => {
                  setIsLocateOpen(false);
                  setIsPicking(false);
                  setLocated(null);
                }}
              />
            </div>
          ) : null}
          {selectedId ? (
            <div
              style={{
                position: "absolute",
                top: 10,
                right: 10,
                bottom: 10,
                width: isNarrow ? "calc(100% - 20px)" : CARD_WIDTH,
                zIndex: OVERLAY_Z + 2,
                pointerEvents: "none",
              }}
            >
              <div style={{ pointerEvents: "auto", maxHeight: "100%", display: "flex" }}>
                <GridCard gridId={selectedId} onClose={() => setSelectedId(null)} />
              </div>
            </div>
          ) : null}
        </div>
      )}
    </Flex>
  );
}
