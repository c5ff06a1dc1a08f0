// Change the master password: the data key is re-wrapped, stored credentials are untouched.
import { useState, type FormEvent } from "react";
import { Alert, Button, Group, List, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconInfoCircle, IconShieldLock } from "@tabler/icons-react";
import { ApiError } from "../../api/client";
import { useChangeMasterPassword } from "../../api/system";
import { passwordStrength } from "../../lib/passwordStrength";
import { NewMasterPasswordFields } from "../Auth/NewMasterPasswordFields";
import { ErrorState } from "../ui/States";

export function ChangeMasterPassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [next2, setNext2] = useState("");
  const [tried, setTried] = useState(false);
  const change = useChangeMasterPassword();
  const strength = passwordStrength(next);

  const currentError = tried && !current ? "Enter the current master password" : undefined;
  const nextError = tried
    ? !next ? "Choose a new master password"
      : strength.score < 2 ? "Too weak: make it longer or less predictable"
      : next === current ? "The new password is the same as the current one"
      : undefined
    : undefined;
  const next2Error = tried && next2 !== next ? "The passwords do not match" : undefined;
  // A wrong current password is the server's 401: show it on the field.
  const wrongCurrent = change.error instanceof ApiError && change.error.status === 401 ? change.error.message : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!current || !next || strength.score < 2 || next === current || next2 !== next) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setNext2("");
          setTried(false);
          notifications.show({ color: "teal", title: "Master password changed", message: "Use the new one the next time Sluice is unlocked." });
        },
      },
    );
  }

  return (
    <Paper withBorder radius="lg" p="lg">
      <Title order={4} mb={4}>Master password</Title>
      <Text size="sm" c="dimmed" mb="md">Needed to unlock Sluice after every restart (or after someone locks it).</Text>
      <Alert color="sluice" variant="light" icon={<IconInfoCircle size={18} />} mb="md" title="Your stored credentials are not re-encrypted">
        Credentials are encrypted with a data key, and the master password only wraps that key. Changing it
        re-wraps the key in an instant: nothing else is rewritten, running jobs carry on, and Sluice stays unlocked.
        <List size="sm" mt={6} spacing={2}>
          <List.Item>Update <code>SLUICE_MASTER_PASSWORD_FILE</code> if you use it, or the next start stays locked.</List.Item>
          <List.Item>It still cannot be recovered: store the new one safely before you save.</List.Item>
        </List>
      </Alert>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          <PasswordInput
            label="Current master password"
            value={current}
            onChange={(e) => {
              setCurrent(e.currentTarget.value);
              if (wrongCurrent) change.reset();
            }}
            error={currentError ?? wrongCurrent}
            required
            autoComplete="current-password"
          />
          <NewMasterPasswordFields
            label="New master password"
            value={next}
            repeat={next2}
            onChange={setNext}
            onRepeatChange={setNext2}
            error={nextError}
            repeatError={next2Error}
          />
          {change.error && !wrongCurrent && <ErrorState error={change.error} title="Cannot change the master password" />}
          <Group>
            <Button type="submit" loading={change.isPending} leftSection={<IconShieldLock size={16} />}>Change master password</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
