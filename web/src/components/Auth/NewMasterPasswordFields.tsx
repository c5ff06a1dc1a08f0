import { PasswordInput } from "@mantine/core";
import { PasswordStrengthMeter } from "./PasswordStrengthMeter";

interface Props {
  /** "Master password" (setup) or "New master password" (change). */
  label: string;
  value: string;
  repeat: string;
  onChange: (value: string) => void;
  onRepeatChange: (value: string) => void;
  error?: string;
  repeatError?: string;
  autoFocus?: boolean;
}

/** A new master password with its strength meter and a repeat field (setup and change). */
export function NewMasterPasswordFields({
  label,
  value,
  repeat,
  onChange,
  onRepeatChange,
  error,
  repeatError,
  autoFocus,
}: Props) {
  return (
    <>
      <div>
        <PasswordInput
          label={label}
          description="A long passphrase of a few random words is easy to type and hard to guess"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          autoFocus={autoFocus}
          required
          autoComplete="new-password"
        />
        <PasswordStrengthMeter value={value} />
      </div>
      <PasswordInput
        label={`Repeat ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
        value={repeat}
        onChange={(e) => onRepeatChange(e.currentTarget.value)}
        error={repeatError}
        required
        autoComplete="new-password"
      />
    </>
  );
}
