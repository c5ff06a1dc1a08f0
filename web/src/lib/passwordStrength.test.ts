// @vitest-environment node
import { describe, expect, it } from "vitest";
import { passwordStrength } from "./passwordStrength";

describe("passwordStrength", () => {
  it("rates short and common passwords weak, with hints", () => {
    expect(passwordStrength("").percent).toBe(0);
    expect(passwordStrength("password1").score).toBeLessThanOrEqual(1);
    expect(passwordStrength("abc").hints.join(" ")).toMatch(/12 characters/);
    expect(passwordStrength("aaaaaaaaaaaa").score).toBe(0);
  });

  it("rates long passphrases and mixed passwords strong", () => {
    expect(passwordStrength("correct horse battery staple").score).toBeGreaterThanOrEqual(3);
    expect(passwordStrength("T7#kq!Zr2@pLw9").score).toBeGreaterThanOrEqual(3);
    expect(passwordStrength("correct horse battery staple").hints).toEqual([]);
  });
});
