import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, newSession, unwrap, type Schemas } from "./client";

export const authKeys = {
  all: ["auth"] as const,
  me: () => [...authKeys.all, "me"] as const,
};

/** The logged-in user, or null when there is no session (401). */
export const meQuery = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: async (): Promise<Schemas["UserPublic"] | null> => {
      try {
        return await unwrap(api.GET("/api/auth/me"));
      } catch (exc) {
        if (exc instanceof ApiError && exc.status === 401) return null;
        throw exc;
      }
    },
    staleTime: 60_000,
  });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["LoginRequest"]) => unwrap(api.POST("/api/auth/login", { body })),
    onSuccess: (user) => {
      newSession();
      qc.setQueryData(authKeys.me(), user);
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "auth" });
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/logout")),
    onSettled: () => {
      // Keep the gate's queries (their observers stay mounted); drop everything else.
      qc.setQueryData(authKeys.me(), null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "auth" && q.queryKey[0] !== "system" });
    },
  });
}
