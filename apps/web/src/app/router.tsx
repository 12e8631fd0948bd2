import { createBrowserRouter, Outlet } from "react-router";
import { FullPageSpin } from "../components/full-page-spin";
import { NotFoundPage, RouteErrorPage } from "../components/status-pages";
import type { RouteHandle } from "./nav";
import { RequireAuth } from "./require-auth";
import { Shell } from "./shell";

const needs = (permission: RouteHandle["permission"]): RouteHandle => ({ permission });

/** Every page is its own chunk (`routes/*.tsx`); permissions live in route handles. */
export const router = createBrowserRouter([
  {
    path: "/",
    Component: Outlet,
    HydrateFallback: FullPageSpin,
    errorElement: <RouteErrorPage />,
    children: [
      { path: "login", lazy: () => import("../routes/login") },
      { path: "register", lazy: () => import("../routes/register") },
      // Public phone pages (no account): report with a tracking code, then follow it.
      { path: "report/public", lazy: () => import("../routes/report-public") },
      { path: "track", lazy: () => import("../routes/track") },
      {
        Component: RequireAuth,
        children: [
          { path: "change-password", lazy: () => import("../routes/forced-password") },
          {
            Component: Shell,
            children: [
              {
                errorElement: <RouteErrorPage />,
                children: [
                  { index: true, lazy: () => import("../routes/home") },
                  { path: "map", handle: needs("grids.read"), lazy: () => import("../routes/map") },
                  { path: "grids", handle: needs("grids.read"), lazy: () => import("../routes/grids") },
                  { path: "party-orgs", handle: needs("party.read"), lazy: () => import("../routes/party-orgs") },
                  { path: "party-orgs/:id", handle: needs("party.read"), lazy: () => import("../routes/party-org") },
                  { path: "people", handle: needs("people.read"), lazy: () => import("../routes/people") },
                  { path: "units", handle: needs("units.read"), lazy: () => import("../routes/units") },
                  { path: "cases", handle: needs("cases.read"), lazy: () => import("../routes/cases") },
                  { path: "cases/:id", handle: needs("cases.read"), lazy: () => import("../routes/case") },
                  { path: "evaluation", handle: needs("evaluation.read"), lazy: () => import("../routes/evaluation") },
                  { path: "case-categories", handle: needs("cases.configure"), lazy: () => import("../routes/case-categories") },
                  { path: "users", handle: needs("users.read"), lazy: () => import("../routes/users") },
                  { path: "roles", handle: needs("roles.read"), lazy: () => import("../routes/roles") },
                  { path: "audit", handle: needs("audit.read"), lazy: () => import("../routes/audit") },
                  { path: "api-keys", handle: needs("apikeys.manage"), lazy: () => import("../routes/api-keys") },
                  { path: "report", handle: needs("cases.report"), lazy: () => import("../routes/report") },
                  { path: "my-reports", handle: needs("cases.report"), lazy: () => import("../routes/my-reports") },
                  { path: "my-reports/:id", handle: needs("cases.read"), lazy: () => import("../routes/my-report") },
                  { path: "tasks", handle: needs("cases.handle"), lazy: () => import("../routes/tasks") },
                  { path: "tasks/patrol", handle: needs("cases.report"), lazy: () => import("../routes/patrol") },
                  { path: "tasks/:id", handle: needs("cases.handle"), lazy: () => import("../routes/task") },
                  { path: "profile", lazy: () => import("../routes/profile") },
                  { path: "password", lazy: () => import("../routes/password") },
                  { path: "*", Component: NotFoundPage },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
]);
