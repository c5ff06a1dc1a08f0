// A just-created API token's secret: shown once, with a copy button and a usage example.
import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import type { TokenCreated } from "../../api/tokens";
import { curlExample } from "../../lib/tokens";

export function TokenSecret({ token, origin = window.location.origin }: { token: TokenCreated; origin?: string }) {
  return (
    <Stack gap="md">
      <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy it now: you won't see it again">
        Sluice stores only a hash of the token. Once you close this window the secret cannot be shown again;
        if you lose it, revoke the token and create a new one.
      </Alert>
      <div>
        <Text size="sm" fw={500} mb={4} id="token-secret-label">Token “{token.name}”</Text>
        <Group gap="xs" wrap="nowrap" className="secret-box">
          <Code block className="mono" style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap" }} data-testid="token-secret" aria-labelledby="token-secret-label">
            {token.token}
          </Code>
          <CopyButton value={token.token} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? "Copied" : "Copy"} withArrow>
                <ActionIcon size="lg" variant={copied ? "filled" : "default"} color={copied ? "teal" : undefined} onClick={copy} aria-label={copied ? "Token copied" : "Copy token"}>
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </div>
      <div>
        <Text size="xs" c="dimmed" mb={4}>Use it in scripts and CI:</Text>
        <Code block className="mono" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }} fz="xs">
          {curlExample(token.token, origin)}
        </Code>
      </div>
    </Stack>
  );
}
