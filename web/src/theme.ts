import { createTheme, type MantineColorsTuple } from "@mantine/core";

const sluice: MantineColorsTuple = [
  "#e5f6ff", "#cde8ff", "#9bcefc", "#64b2fa", "#3a9bf8", "#1f8cf8", "#0b84f9", "#0071de", "#0065c7", "#0057b0",
];

export const theme = createTheme({
  primaryColor: "sluice",
  colors: { sluice },
  defaultRadius: "md",
  fontFamily:
    "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "ui-monospace, 'JetBrains Mono', 'SFMono-Regular', Menlo, Consolas, monospace",
  headings: { fontWeight: "650" },
  cursorType: "pointer",
});
