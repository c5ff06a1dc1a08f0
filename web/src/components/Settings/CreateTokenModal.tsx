// Create an API token: name and expiry, then its secret, shown once.
import { useState, type FormEvent } from "react";
import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useCreateToken, type TokenCreated } from "../../api/tokens";
import { EXPIRY_CHOICES, expiryFromChoice, tomorrow, type ExpiryChoice } from "../../lib/tokens";
import { ErrorState } from "../ui/States";
import { TokenSecret } from "./TokenSecret";

export function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [name, setName] = useState("");
  const [choice, setChoice] = useState<ExpiryChoice>("90");
  const [date, setDate] = useState("");
  const [tried, setTried] = useState(false);
  // The secret lives only in this state: dropped when the modal closes.
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const create = useCreateToken();

  const expiry = expiryFromChoice(choice, date);
  const nameError = tried && !name.trim() ? "Name the token after what uses it (e.g. “CI deploy”)" : undefined;
  const dateError = tried && "error" in expiry ? expiry.error : undefined;

  function close() {
    setCreated(null);
    setName("");
    setChoice("90");
    setDate("");
    setTried(false);
    create.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!name.trim() || "error" in expiry) return;
    create.mutate({ name: name.trim(), expires_at: expiry.expires_at }, { onSuccess: setCreated });
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? "Your new API token" : "New API token"}
      centered
      size="lg"
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack>
          <TokenSecret token={created} />
          <Group justify="flex-end">
            <Button onClick={close}>I have copied it</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label="Token name"
              description="Say what will use it, so you know which one to revoke later"
              placeholder="e.g. CI deploy"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
              maxLength={150}
              required
              data-autofocus
            />
            <Group grow align="flex-start">
              <Select
                label="Expires"
                data={EXPIRY_CHOICES}
                value={choice}
                onChange={(v) => setChoice((v as ExpiryChoice | null) ?? "never")}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
              {choice === "custom" && (
                <TextInput type="date" label="Expiry date" value={date} min={tomorrow()} onChange={(e) => setDate(e.currentTarget.value)} error={dateError} required />
              )}
            </Group>
            {create.error && <ErrorState error={create.error} title="Cannot create the token" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={create.isPending} leftSection={<IconKey size={16} />}>Create token</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
