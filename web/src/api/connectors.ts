import { queryOptions } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";

export type Connector = Schemas["ConnectorPublic"];

export const connectorKeys = {
  all: ["connectors"] as const,
  list: () => [...connectorKeys.all, "list"] as const,
};

export const connectorsQuery = () =>
  queryOptions({
    queryKey: connectorKeys.list(),
    queryFn: () => unwrap(api.GET("/api/connectors")),
    staleTime: 5 * 60_000,
  });
