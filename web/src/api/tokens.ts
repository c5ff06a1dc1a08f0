import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";

export type Token = Schemas["TokenPublic"];
export type TokenCreated = Schemas["TokenCreated"];

export const tokenKeys = {
  all: ["tokens"] as const,
  list: () => [...tokenKeys.all, "list"] as const,
};

/** The signed-in user's live API tokens (metadata only: secrets are never sent again). */
export const tokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.list(),
    queryFn: () => unwrap(api.GET("/api/auth/tokens")),
  });

/** Create a token. The answer holds the secret: the only time the server ever sends it. */
export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["TokenCreate"]) => unwrap(api.POST("/api/auth/tokens", { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tokenKeys.list() }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE("/api/auth/tokens/{token_id}", { params: { path: { token_id: id } } })),
    onSuccess: (_r, id) => {
      qc.setQueryData(tokenKeys.list(), (old: Schemas["TokensPublic"] | undefined) =>
        old ? { data: old.data.filter((t) => t.id !== id), count: old.count - 1 } : old,
      );
      void qc.invalidateQueries({ queryKey: tokenKeys.list() });
    },
  });
}
