import { useState, type FormEvent } from "react";
import { Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useLogin } from "../../api/auth";
import { errorMessage } from "../../api/client";
import { AuthCard } from "./AuthCard";
import { liveSocket } from "../../lib/liveSocket";

export function LoginScreen() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (username && password) login.mutate({ username, password }, { onSuccess: () => liveSocket.reset() });
  }
  return (
    <AuthCard title="Sign in" subtitle="Use the account your Sluice administrator gave you.">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="User name" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoFocus required autoComplete="username" />
          <PasswordInput
            label="Password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            autoComplete="current-password"
            error={login.error ? errorMessage(login.error) : undefined}
          />
          <Button type="submit" loading={login.isPending} fullWidth>Sign in</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
