// Code-based TanStack Router routes (typed params and search).
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent } from "@tanstack/react-router";
import type { Schemas } from "../api/client";
import { AppLayout } from "../components/Layout/AppLayout";
import { Dashboard } from "../components/Dashboard/Dashboard";
import { ConnectionList } from "../components/Connections/ConnectionList";
import { ConnectionEditor } from "../components/Connections/ConnectionEditor";
import { SchemaExplorer } from "../components/Schema/SchemaExplorer";
// The builder pulls in React Flow: its own chunk, loaded on demand.
const PipelineBuilder = lazyRouteComponent(() => import("../components/Pipelines/PipelineBuilder"), "PipelineBuilder");
import { PipelineDetail } from "../components/Pipelines/PipelineDetail";
import { PipelineList } from "../components/Pipelines/PipelineList";
import { JobLive } from "../components/Jobs/JobLive";
import { NotFound } from "../components/Layout/NotFound";
import { SettingsPage, type SettingsTab } from "../components/Settings/SettingsPage";

interface RouterContext {
  user: Schemas["UserPublic"];
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppLayout,
  notFoundComponent: NotFound,
});

const idParam = {
  parse: (p: Record<string, string>) => ({ id: Number(p.id) }),
  stringify: (p: { id: number }) => ({ id: String(p.id) }),
};

const dashboardRoute = createRoute({ getParentRoute: () => rootRoute, path: "/", component: Dashboard });

const connectionsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/connections",
  component: ConnectionList,
});
export const newConnectionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/connections/new",
  validateSearch: (s: Record<string, unknown>): { role?: "source" | "destination"; connector?: string } => ({
    role: s.role === "destination" ? "destination" : s.role === "source" ? "source" : undefined,
    connector: typeof s.connector === "string" ? s.connector : undefined,
  }),
  component: () => <ConnectionEditor />,
});
export const connectionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/connections/$id",
  params: idParam,
  component: function ConnectionRoute() {
    const { id } = connectionRoute.useParams();
    return <ConnectionEditor id={id} />;
  },
});
export const schemaRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/connections/$id/schema",
  params: idParam,
  component: function SchemaRoute() {
    const { id } = schemaRoute.useParams();
    return <SchemaExplorer connectionId={id} />;
  },
});

const pipelinesRoute = createRoute({ getParentRoute: () => rootRoute, path: "/pipelines", component: PipelineList });
export const newPipelineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/pipelines/new",
  validateSearch: (s: Record<string, unknown>): { source?: number } => ({
    source: s.source !== undefined && !Number.isNaN(Number(s.source)) ? Number(s.source) : undefined,
  }),
  component: function NewPipelineRoute() {
    const { source } = newPipelineRoute.useSearch();
    return <PipelineBuilder initialSource={source} />;
  },
});
export const pipelineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/pipelines/$id",
  params: idParam,
  component: function PipelineRoute() {
    const { id } = pipelineRoute.useParams();
    return <PipelineDetail id={id} />;
  },
});
export const editPipelineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/pipelines/$id/edit",
  params: idParam,
  component: function EditPipelineRoute() {
    const { id } = editPipelineRoute.useParams();
    return <PipelineBuilder pipelineId={id} />;
  },
});
export const jobRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/jobs/$id",
  params: idParam,
  component: function JobRoute() {
    const { id } = jobRoute.useParams();
    return <JobLive jobId={id} />;
  },
});

export const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/settings",
  validateSearch: (s: Record<string, unknown>): { tab?: SettingsTab } => ({
    tab: s.tab === "security" ? "security" : s.tab === "tokens" ? "tokens" : undefined,
  }),
  component: function SettingsRoute() {
    const { tab } = settingsRoute.useSearch();
    return <SettingsPage tab={tab ?? "tokens"} />;
  },
});

const routeTree = rootRoute.addChildren([
  dashboardRoute,
  connectionsRoute,
  newConnectionRoute,
  connectionRoute,
  schemaRoute,
  pipelinesRoute,
  newPipelineRoute,
  pipelineRoute,
  editPipelineRoute,
  jobRoute,
  settingsRoute,
]);

export const router = createRouter({
  routeTree,
  context: { user: undefined! },
  defaultPreload: "intent",
  scrollRestoration: true,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
