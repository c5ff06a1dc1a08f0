import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, newSession, unwrap, type Schemas } from "./client";

export const systemKeys = {
  all: ["system"] as const,
  status: () => [...systemKeys.all, "status"] as const,
};

export const systemStatusQuery = () =>
  queryOptions({
    queryKey: systemKeys.status(),
    queryFn: () => unwrap(api.GET("/api/system/status")),
    staleTime: 10_000,
  });

export function useSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["SetupRequest"]) => unwrap(api.POST("/api/system/setup", { body })),
    onSuccess: async () => {
      newSession();
      await qc.invalidateQueries({ queryKey: systemKeys.all });
      await qc.invalidateQueries({ queryKey: ["auth"] });
    },
  });
}

export function useUnlock() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (master_password: string) =>
      unwrap(api.POST("/api/system/unlock", { body: { master_password } })),
    onSuccess: (status) => {
      qc.setQueryData(systemKeys.status(), status);
      // Configs were masked as null while locked: fetch them again.
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "system" });
    },
  });
}

export function useLock() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/system/lock")),
    onSuccess: (status) => qc.setQueryData(systemKeys.status(), status),
  });
}

/** Re-wrap the data key under a new master password (admins only). */
export function useChangeMasterPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ChangeMasterPasswordRequest"]) =>
      unwrap(api.POST("/api/system/master-password", { body })),
    onSuccess: (status) => qc.setQueryData(systemKeys.status(), status),
  });
}
