import { useState, type FormEvent } from "react";
import { Button, PasswordInput, Stack, Text } from "@mantine/core";
import { IconLockOpen } from "@tabler/icons-react";
import { useUnlock } from "../../api/system";
import { errorMessage } from "../../api/client";
import { AuthCard } from "./AuthCard";

export function UnlockScreen() {
  const [pw, setPw] = useState("");
  const unlock = useUnlock();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (pw) unlock.mutate(pw);
  }
  return (
    <AuthCard
      title="Sluice is locked"
      subtitle="Stored credentials are encrypted. Enter the master password to unlock them for this server."
    >
      <form onSubmit={submit}>
        <Stack>
          <PasswordInput
            label="Master password"
            value={pw}
            onChange={(e) => setPw(e.currentTarget.value)}
            error={unlock.error ? errorMessage(unlock.error) : undefined}
            autoFocus
            required
            autoComplete="current-password"
          />
          <Button type="submit" loading={unlock.isPending} leftSection={<IconLockOpen size={16} />} fullWidth>
            Unlock
          </Button>
          <Text size="xs" c="dimmed">
            Tip: set <code>SLUICE_MASTER_PASSWORD_FILE</code> to unlock automatically when the server starts.
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
