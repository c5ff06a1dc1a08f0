import { useState, type FormEvent } from "react";
import { Alert, Button, Checkbox, Group, PasswordInput, Stack, Stepper, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconShieldLock, IconUserShield } from "@tabler/icons-react";
import { useSetup } from "../../api/system";
import { passwordStrength } from "../../lib/passwordStrength";
import { AuthCard } from "./AuthCard";
import { NewMasterPasswordFields } from "./NewMasterPasswordFields";
import { ErrorState } from "../ui/States";

export function SetupWizard() {
  const [step, setStep] = useState(0);
  const [master, setMaster] = useState("");
  const [master2, setMaster2] = useState("");
  const [understood, setUnderstood] = useState(false);
  const [username, setUsername] = useState("admin");
  const [password, setPassword] = useState("");
  const [password2, setPassword2] = useState("");
  const [tried, setTried] = useState(false);
  const setup = useSetup();

  const strength = passwordStrength(master);
  const masterError =
    tried && step === 0
      ? !master ? "Choose a master password" : strength.score < 2 ? "Too weak: make it longer or less predictable" : undefined
      : undefined;
  const master2Error = tried && step === 0 && master2 !== master ? "The passwords do not match" : undefined;
  const understoodError = tried && step === 0 && !understood ? "Please confirm you have stored it safely" : undefined;

  const userError = tried && step === 1 && !username.trim() ? "Choose a user name" : undefined;
  const pwError = tried && step === 1 && password.length < 8 ? "Use at least 8 characters" : undefined;
  const pw2Error = tried && step === 1 && password2 !== password ? "The passwords do not match" : undefined;

  function next(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!master || strength.score < 2 || master2 !== master || !understood) return;
    setTried(false);
    setStep(1);
  }

  function finish(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!username.trim() || password.length < 8 || password2 !== password) return;
    setup.mutate({ master_password: master, admin_username: username.trim(), admin_password: password });
  }

  return (
    <AuthCard title="Welcome to Sluice" subtitle="Two quick steps and you are ready to move data." width={520}>
      <Stepper active={step} size="sm" mb="xl" allowNextStepsSelect={false} onStepClick={setStep}>
        <Stepper.Step label="Master password" description="Encrypts credentials" icon={<IconShieldLock size={18} />} />
        <Stepper.Step label="Admin user" description="Your login" icon={<IconUserShield size={18} />} />
      </Stepper>
      {step === 0 ? (
        <form onSubmit={next} noValidate>
          <Stack gap="md">
            <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="It cannot be recovered">
              The master password encrypts every stored credential. Sluice never stores it. If you lose it,
              saved connection passwords are lost too and must be entered again.
            </Alert>
            <NewMasterPasswordFields
              label="Master password"
              value={master}
              repeat={master2}
              onChange={setMaster}
              onRepeatChange={setMaster2}
              error={masterError}
              repeatError={master2Error}
              autoFocus
            />
            <Checkbox
              label="I have stored the master password somewhere safe (e.g. a password manager)"
              checked={understood}
              onChange={(e) => setUnderstood(e.currentTarget.checked)}
              error={understoodError}
            />
            <Group justify="flex-end">
              <Button type="submit">Continue</Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <form onSubmit={finish} noValidate>
          <Stack gap="md">
            <Text size="sm" c="dimmed">This administrator signs in to the web UI and can add more users later.</Text>
            <TextInput
              label="User name"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={userError}
              required
              autoComplete="username"
              autoFocus
            />
            <PasswordInput
              label="Password"
              description="At least 8 characters"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={pwError}
              required
              autoComplete="new-password"
            />
            <PasswordInput
              label="Repeat password"
              value={password2}
              onChange={(e) => setPassword2(e.currentTarget.value)}
              error={pw2Error}
              required
              autoComplete="new-password"
            />
            {setup.error && <ErrorState error={setup.error} title="Setup failed" />}
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep(0)}>Back</Button>
              <Button type="submit" loading={setup.isPending}>Finish setup</Button>
            </Group>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
