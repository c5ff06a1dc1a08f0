// A small, dependency-free strength estimate for the master password (entropy of the character
// classes used, penalised for repeats and common patterns). Good enough to steer users.

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  color: string;
  percent: number;
  hints: string[];
}

const COMMON = ["password", "123456", "qwerty", "letmein", "admin", "sluice", "welcome", "iloveyou"];

export function passwordStrength(pw: string): Strength {
  const hints: string[] = [];
  let pool = 0;
  if (/[a-z]/.test(pw)) pool += 26;
  if (/[A-Z]/.test(pw)) pool += 26;
  if (/\d/.test(pw)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(pw)) pool += 33;
  const unique = new Set(pw).size;
  let bits = pw.length && pool ? Math.log2(pool) * Math.min(pw.length, unique * 2) : 0;
  const lower = pw.toLowerCase();
  if (COMMON.some((c) => lower.includes(c))) {
    bits -= 25;
    hints.push("Avoid common words such as \"password\"");
  }
  if (/(.)\1{2,}/.test(pw)) {
    bits -= 10;
    hints.push("Avoid repeated characters");
  }
  if (pw.length < 12) hints.push("Use at least 12 characters (a few random words work well)");
  if (pool <= 26 && pw.length < 20) hints.push("Mix in capitals, digits or symbols — or make it longer");
  const score = (bits < 28 ? 0 : bits < 45 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4) as Strength["score"];
  const labels = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];
  const colors = ["red", "orange", "yellow", "teal", "green"];
  return {
    score,
    label: labels[score],
    color: colors[score],
    percent: pw ? Math.max(8, (score + 1) * 20) : 0,
    hints: score >= 3 ? [] : hints,
  };
}
