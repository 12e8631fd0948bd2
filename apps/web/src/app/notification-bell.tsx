import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Empty, Flex, List, Popover, Spin, Typography, theme } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { findNotifications, markAllNotificationsRead, markNotificationRead, type TNotification } from "../api/cases";
import { useProblemHandler } from "../components/use-problem";
import { formatDateTime } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { isStaff, useCurrentUser } from "./session";

/** How often the unread count is read again while the page is visible (and at once on focus). */
export const NOTIFICATION_POLL_MS = 60_000;
/** Notifications the panel lists: the newest; older ones are rarely opened from a bell. */
const PANEL_SIZE = 10;

/**
 * The unread count, read on mount, every minute while the tab is visible, and whenever the window
 * regains focus or the tab becomes visible. No websockets: a minute is soon enough for 督办 and
 * assignments, and a hidden tab asks nothing.
 */
function useUnreadCount(): { unread: number | null; refresh: () => void } {
  const [unread, setUnread] = useState<number | null>(null);
  const inFlight = useRef(false);
  const refresh = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    findNotifications({ unread: "true" }, undefined, 1)
      .then((page) => setUnread(page.unread))
      // A failed poll keeps the last count; the session handler deals with a lost session.
      .catch(() => undefined)
      .finally(() => {
        inFlight.current = false;
      });
  }, []);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") refresh();
    }, NOTIFICATION_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") refresh();
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh]);
  return { unread, refresh };
}

/** The page a notification opens: staff the case page, residents their report. */
export function notificationTarget(notification: TNotification, staff: boolean): string | null {
  if (!notification.caseId) return null;
  return staff ? `/cases/${notification.caseId}` : `/my-reports/${notification.caseId}`;
}

/**
 * 通知: a bell with the unread count in the header of both shells; it opens the newest
 * notifications, each of which opens its case and is marked read, and a "mark all read".
 */
export function NotificationBell() {
  const user = useCurrentUser();
  const staff = isStaff(user);
  const { t } = useI18n();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const onProblem = useProblemHandler();
  const { unread, refresh } = useUnreadCount();
  const [isOpen, setIsOpen] = useState(false);
  const [items, setItems] = useState<TNotification[] | null>(null);

  const load = useCallback(() => {
    findNotifications({}, undefined, PANEL_SIZE).then(
      (page) => setItems(page.items),
      (error: unknown) => {
        setItems([]);
        onProblem(error);
      },
    );
  }, [onProblem]);

  const toggle = (next: boolean) => {
    setIsOpen(next);
    if (next) {
      setItems(null);
      load();
      refresh();
    }
  };

  const open = async (notification: TNotification) => {
    setIsOpen(false);
    if (!notification.readAt) {
      try {
        await markNotificationRead(notification.id);
      } catch (error) {
        onProblem(error);
      }
      refresh();
    }
    const target = notificationTarget(notification, staff);
    if (target) void navigate(target);
  };

  const readAll = async () => {
    try {
      await markAllNotificationsRead();
      setItems((current) => current?.map((item) => ({ ...item, readAt: item.readAt ?? new Date().toISOString() })) ?? null);
      refresh();
    } catch (error) {
      onProblem(error);
    }
  };

  const count = unread ?? 0;
  const panel = (
    <div style={{ width: "min(360px, calc(100vw - 56px))" }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ paddingBottom: 8, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
        <Typography.Text strong>{t("notifications.title")}</Typography.Text>
        <Button type="link" size="small" disabled={count === 0} onClick={() => void readAll()} data-testid="notification-read-all">
          {t("notifications.readAll")}
        </Button>
      </Flex>
      {items === null ? (
        <Spin style={{ display: "block", margin: "24px auto" }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("notifications.empty")} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: "min(420px, 60vh)", overflowY: "auto" }}
          dataSource={items}
          renderItem={(item) => (
            <List.Item style={{ paddingInline: 4 }} data-testid={`notification-${item.id}`} data-unread={item.readAt ? undefined : "true"}>
              <button
                type="button"
                onClick={() => void open(item)}
                style={{ all: "unset", display: "block", width: "100%", cursor: "pointer" }}
              >
                <Flex gap={8} align="flex-start">
                  <Badge status={item.readAt ? "default" : "processing"} style={{ marginTop: 2 }} />
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Typography.Text strong={!item.readAt} style={{ display: "block" }} ellipsis>
                      {/* Named by what it shows, an unread one with a word for screen readers first (WCAG 2.5.3). */}
                      {item.readAt ? null : <span className="visually-hidden">{t("notifications.unreadMark")}</span>}
                      {item.title}
                    </Typography.Text>
                    {item.body ? (
                      <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }} ellipsis={{ rows: 2 }}>
                        {item.body}
                      </Typography.Paragraph>
                    ) : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[item.caseNumber, formatDateTime(item.createdAt)].filter(Boolean).join(" · ")}
                    </Typography.Text>
                  </div>
                </Flex>
              </button>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover content={panel} trigger="click" placement="bottomRight" open={isOpen} onOpenChange={toggle} arrow={false}>
      <Button
        type="text"
        aria-label={count > 0 ? t("notifications.bellUnread", { count }) : t("notifications.bell")}
        data-testid="notification-bell"
        style={{ height: 40, width: 40, padding: 0 }}
      >
        <Badge count={count} size="small" offset={[2, -2]} data-testid="notification-unread">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
