// Confirm, then revoke an API token: it stops working at once.
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useRevokeToken, type Token } from "../../api/tokens";
import { ErrorState } from "../ui/States";

export function RevokeTokenModal({ token, onClose }: { token: Token | null; onClose: () => void }) {
  const revoke = useRevokeToken();
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal opened={token !== null} onClose={close} title={`Revoke “${token?.name ?? ""}”?`} centered>
      <Stack>
        <Text size="sm">
          Scripts using this token (<span className="mono">{token?.prefix}…</span>) are refused from now on. This cannot be undone:
          to restore access, create a new token and update them.
        </Text>
        {revoke.error && <ErrorState error={revoke.error} title="Cannot revoke the token" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button color="red" loading={revoke.isPending} onClick={() => token && revoke.mutate(token.id, { onSuccess: close })}>
            Revoke token
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
