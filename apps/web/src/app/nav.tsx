import { AlertOutlined, ApartmentOutlined, ApiOutlined, BarChartOutlined, TagsOutlined, AuditOutlined, BankOutlined, EnvironmentOutlined, FlagOutlined, HomeOutlined, IdcardOutlined, SafetyCertificateOutlined, ScheduleOutlined, TeamOutlined } from "@ant-design/icons";
import type { TPermission } from "@caihong/contracts";
import type { ReactNode } from "react";
import type { MessageKey } from "../i18n/i18n";

/** One entry of the staff side menu (and of the home page's quick links). */
export interface NavItem {
  path: string;
  labelKey: MessageKey;
  descriptionKey?: MessageKey;
  icon: ReactNode;
  /** Needed to see the entry; none means everyone. */
  permission?: TPermission;
  testId: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: "/", labelKey: "nav.home", icon: <HomeOutlined />, testId: "menu-home" },
  { path: "/map", labelKey: "nav.map", descriptionKey: "home.desc.map", icon: <EnvironmentOutlined />, permission: "grids.read", testId: "menu-map" },
  { path: "/grids", labelKey: "nav.grids", descriptionKey: "home.desc.grids", icon: <ApartmentOutlined />, permission: "grids.read", testId: "menu-grids" },
  { path: "/party-orgs", labelKey: "nav.partyOrgs", descriptionKey: "home.desc.partyOrgs", icon: <FlagOutlined />, permission: "party.read", testId: "menu-party-orgs" },
  { path: "/people", labelKey: "nav.people", descriptionKey: "home.desc.people", icon: <IdcardOutlined />, permission: "people.read", testId: "menu-people" },
  { path: "/tasks", labelKey: "mobile.nav.tasks", descriptionKey: "mobile.nav.tasksDesc", icon: <ScheduleOutlined />, permission: "cases.handle", testId: "menu-tasks" },
  { path: "/cases", labelKey: "nav.cases", descriptionKey: "home.desc.cases", icon: <AlertOutlined />, permission: "cases.read", testId: "menu-cases" },
  { path: "/evaluation", labelKey: "nav.evaluation", descriptionKey: "home.desc.evaluation", icon: <BarChartOutlined />, permission: "evaluation.read", testId: "menu-evaluation" },
  { path: "/case-categories", labelKey: "nav.caseCategories", descriptionKey: "home.desc.caseCategories", icon: <TagsOutlined />, permission: "cases.configure", testId: "menu-case-categories" },
  { path: "/units", labelKey: "nav.units", descriptionKey: "home.desc.units", icon: <BankOutlined />, permission: "units.read", testId: "menu-units" },
  { path: "/users", labelKey: "nav.users", descriptionKey: "home.desc.users", icon: <TeamOutlined />, permission: "users.read", testId: "menu-users" },
  { path: "/roles", labelKey: "nav.roles", descriptionKey: "home.desc.roles", icon: <SafetyCertificateOutlined />, permission: "roles.read", testId: "menu-roles" },
  { path: "/audit", labelKey: "nav.audit", descriptionKey: "home.desc.audit", icon: <AuditOutlined />, permission: "audit.read", testId: "menu-audit" },
  { path: "/api-keys", labelKey: "nav.apiKeys", descriptionKey: "home.desc.apiKeys", icon: <ApiOutlined />, permission: "apikeys.manage", testId: "menu-apikeys" },
];

/** The menu entries a user may see. */
export function visibleNav(can: (permission: TPermission) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || can(item.permission));
}

/** The menu key for a location: the entry whose path is the longest prefix. */
export function selectedNavKey(pathname: string): string {
  const match = NAV_ITEMS.filter((item) => item.path !== "/" && (pathname === item.path || pathname.startsWith(`${item.path}/`)));
  return match[0]?.path ?? (pathname === "/" ? "/" : "");
}

/** Route `handle`: the permission a page needs. */
export interface RouteHandle {
  permission?: TPermission;
}
