// Rows moved and job duration over time (finished jobs, oldest first).
import { Paper, SimpleGrid, Text } from "@mantine/core";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Job } from "../../api/jobs";
import { formatCompact, formatDuration, formatNumber } from "../../lib/format";

export function jobSeries(jobs: Job[]) {
  return jobs
    .filter((j) => j.finished_at)
    .sort((a, b) => Date.parse(a.finished_at!) - Date.parse(b.finished_at!))
    .map((j) => ({
      id: j.id,
      label: new Date(j.finished_at!).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
      rows: j.records_loaded,
      duration: j.duration_seconds ?? 0,
      status: j.status,
    }));
}

const tooltipStyle = {
  background: "var(--mantine-color-body)",
  border: "1px solid var(--mantine-color-default-border)",
  borderRadius: 8,
  fontSize: 12,
};

export function JobCharts({ jobs }: { jobs: Job[] }) {
  const data = jobSeries(jobs);
  const axis = { stroke: "var(--mantine-color-dimmed)", fontSize: 11, tickLine: false };
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Paper withBorder radius="lg" p="md" data-testid="rows-chart">
        <Text fw={600} size="sm">Rows moved per run</Text>
        <Text size="xs" c="dimmed" mb="sm">{formatNumber(data.reduce((n, d) => n + d.rows, 0))} rows over the last {data.length} finished runs</Text>
        {data.length === 0 ? (
          <Text size="sm" c="dimmed" py={60} ta="center">No finished runs yet: the chart fills in after the first one.</Text>
        ) : (
          <ResponsiveContainer width="100%" height={180}>
            {data.length < 4 ? (
              <BarChart data={data} margin={{ left: -12, right: 8, top: 4 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-default-border)" vertical={false} />
                <XAxis dataKey="label" {...axis} minTickGap={24} />
                <YAxis {...axis} tickFormatter={(v: number) => formatCompact(v)} />
                <Tooltip contentStyle={tooltipStyle} formatter={(v) => [formatNumber(Number(v)), "rows"]} cursor={{ fill: "var(--mantine-color-default-hover)" }} />
                <Bar dataKey="rows" maxBarSize={48} radius={[4, 4, 0, 0]} fill="var(--mantine-color-sluice-5)" isAnimationActive={false} />
              </BarChart>
            ) : (
            <AreaChart data={data} margin={{ left: -12, right: 8, top: 4 }}>
              <defs>
                <linearGradient id="rowsFill" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor="var(--mantine-color-sluice-5)" stopOpacity={0.45} />
                  <stop offset="100%" stopColor="var(--mantine-color-sluice-5)" stopOpacity={0.02} />
                </linearGradient>
              </defs>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-default-border)" vertical={false} />
              <XAxis dataKey="label" {...axis} minTickGap={24} />
              <YAxis {...axis} tickFormatter={(v: number) => formatCompact(v)} />
              <Tooltip contentStyle={tooltipStyle} formatter={(v) => [formatNumber(Number(v)), "rows"]} labelFormatter={(l, p) => `${String(l)} · job #${p?.[0]?.payload?.id ?? ""}`} />
              <Area type="monotone" dataKey="rows" stroke="var(--mantine-color-sluice-6)" strokeWidth={2} fill="url(#rowsFill)" isAnimationActive={false} />
            </AreaChart>
            )}
          </ResponsiveContainer>
        )}
      </Paper>
      <Paper withBorder radius="lg" p="md" data-testid="duration-chart">
        <Text fw={600} size="sm">Job duration</Text>
        <Text size="xs" c="dimmed" mb="sm">Seconds per finished run; red bars failed</Text>
        {data.length === 0 ? (
          <Text size="sm" c="dimmed" py={60} ta="center">No finished runs yet.</Text>
        ) : (
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={data} margin={{ left: -12, right: 8, top: 4 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-default-border)" vertical={false} />
              <XAxis dataKey="label" {...axis} minTickGap={24} />
              <YAxis {...axis} />
              <Tooltip contentStyle={tooltipStyle} formatter={(v) => [formatDuration(Number(v)), "duration"]} cursor={{ fill: "var(--mantine-color-default-hover)" }} />
              <Bar dataKey="duration" maxBarSize={48} radius={[4, 4, 0, 0]} isAnimationActive={false} fill="var(--mantine-color-teal-5)"
                shape={(props: unknown) => {
                  const p = props as { x: number; y: number; width: number; height: number; payload: { status: string } };
                  const fill = p.payload.status === "failed" ? "var(--mantine-color-red-5)" : p.payload.status === "success" ? "var(--mantine-color-teal-5)" : "var(--mantine-color-gray-5)";
                  return <rect x={p.x} y={p.y} width={p.width} height={Math.max(p.height, 1)} rx={3} fill={fill} />;
                }}
              />
            </BarChart>
          </ResponsiveContainer>
        )}
      </Paper>
    </SimpleGrid>
  );
}
