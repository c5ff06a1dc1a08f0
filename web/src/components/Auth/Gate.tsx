// Decides what the user sees: first-run setup, the unlock screen, the login, or the app.
import { useEffect } from "react";
import { Center } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { onAuthProblem } from "../../api/client";
import { authKeys, meQuery } from "../../api/auth";
import { systemKeys, systemStatusQuery } from "../../api/system";
import { router } from "../../routes/router";
import { ErrorState, Loading } from "../ui/States";
import { SetupWizard } from "./SetupWizard";
import { UnlockScreen } from "./UnlockScreen";
import { LoginScreen } from "./LoginScreen";

export function Gate() {
  const qc = useQueryClient();
  const status = useQuery(systemStatusQuery());
  const me = useQuery({ ...meQuery(), enabled: status.data?.initialized === true });

  useEffect(
    () =>
      onAuthProblem((code) => {
        if (code === 401) qc.setQueryData(authKeys.me(), null);
        else void qc.invalidateQueries({ queryKey: systemKeys.status() });
      }),
    [qc],
  );

  if (status.isPending) return <Loading label="Connecting to Sluice…" />;
  if (status.isError)
    return (
      <Center p="xl" mih="100vh">
        <ErrorState error={status.error} retry={() => void status.refetch()} title="Cannot reach the Sluice server" />
      </Center>
    );
  if (!status.data.initialized) return <SetupWizard />;
  if (status.data.locked) return <UnlockScreen />;
  if (me.isPending) return <Loading label="Checking your session…" />;
  if (me.isError) return <ErrorState error={me.error} retry={() => void me.refetch()} />;
  if (!me.data) return <LoginScreen />;
  return <RouterProvider router={router} context={{ user: me.data }} />;
}
