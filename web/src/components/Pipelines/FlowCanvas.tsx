// The visual part of the builder: source → streams → destination as a React Flow graph.
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { Background, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { Badge, Group, Paper, Select, Stack, Text } from "@mantine/core";
import { IconArrowsShuffle } from "@tabler/icons-react";
import type { Connection } from "../../api/connections";
import type { Connector } from "../../api/connectors";
import { ConnectorIcon } from "../ui/ConnectorIcon";
import { useComputedColorScheme } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";

interface ConnNodeData extends Record<string, unknown> {
  role: "source" | "destination";
  options: Connection[];
  value: number | null;
  connectors: Connector[];
  detail: string;
  error?: string;
  onPick: (id: number | null) => void;
  vertical: boolean;
}
interface StreamsNodeData extends Record<string, unknown> {
  count: number;
  modes: string[];
  schedule: string;
  vertical: boolean;
}

function ConnectionNode({ data }: NodeProps<Node<ConnNodeData>>) {
  const selected = data.options.find((c) => c.id === data.value);
  const connector = data.connectors.find((c) => c.name === selected?.connector_type);
  return (
    <Paper withBorder shadow="sm" radius="md" p="sm" className="flow-node" style={{ borderColor: data.error ? "var(--mantine-color-red-6)" : undefined }}>
      {data.role === "destination" && <Handle type="target" position={data.vertical ? Position.Top : Position.Left} />}
      <Stack gap={6}>
        <Group gap={8} wrap="nowrap">
          <ConnectorIcon icon={connector?.icon} size={28} />
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">{data.role}</Text>
        </Group>
        <Select
          className="nodrag"
          aria-label={data.role === "source" ? "Source connection" : "Destination connection"}
          placeholder={data.options.length ? "Pick a connection" : `No ${data.role}s yet`}
          data={data.options.map((c) => ({ value: String(c.id), label: c.name }))}
          value={data.value === null ? null : String(data.value)}
          onChange={(v) => data.onPick(v === null ? null : Number(v))}
          size="xs"
          error={data.error}
          comboboxProps={{ withinPortal: true }}
          data-testid={`${data.role}-select`}
        />
        <Text size="xs" c="dimmed">{data.detail}</Text>
      </Stack>
      {data.role === "source" && <Handle type="source" position={data.vertical ? Position.Bottom : Position.Right} />}
    </Paper>
  );
}

function StreamsNode({ data }: NodeProps<Node<StreamsNodeData>>) {
  return (
    <Paper withBorder shadow="sm" radius="xl" px="md" py="sm" style={{ minWidth: 180 }}>
      <Handle type="target" position={data.vertical ? Position.Top : Position.Left} />
      <Group gap={8} wrap="nowrap">
        <IconArrowsShuffle size={18} color="var(--mantine-primary-color-filled)" />
        <div>
          <Text size="sm" fw={600}>{data.count} stream{data.count === 1 ? "" : "s"}</Text>
          <Group gap={4} mt={2}>
            {data.modes.length === 0 ? <Text size="xs" c="dimmed">none selected</Text> : data.modes.map((m) => <Badge key={m} size="xs" variant="light">{m.replace("_", " ")}</Badge>)}
          </Group>
          <Text size="xs" c="dimmed" mt={2}>{data.schedule}</Text>
        </div>
      </Group>
      <Handle type="source" position={data.vertical ? Position.Bottom : Position.Right} />
    </Paper>
  );
}

const nodeTypes = { connection: ConnectionNode, streams: StreamsNode };

export interface FlowCanvasProps {
  connections: Connection[];
  connectors: Connector[];
  sourceId: number | null;
  destinationId: number | null;
  onSource: (id: number | null) => void;
  onDestination: (id: number | null) => void;
  streamCount: number;
  modes: string[];
  schedule: string;
  sourceDetail: string;
  destinationDetail: string;
  sourceError?: string;
  destinationError?: string;
}

export function FlowCanvas(p: FlowCanvasProps) {
  const scheme = useComputedColorScheme("light");
  // Narrow screens stack the nodes, so they keep a usable size.
  const { ref, width } = useElementSize();
  const vertical = width > 0 && width < 820;
  const nodes = useMemo<Node[]>(
    () => [
      {
        id: "source",
        type: "connection",
        position: vertical ? { x: 0, y: 0 } : { x: 0, y: 20 },
        data: { vertical, role: "source", options: p.connections.filter((c) => c.is_source), value: p.sourceId, connectors: p.connectors, detail: p.sourceDetail, error: p.sourceError, onPick: p.onSource },
        draggable: false,
      },
      {
        id: "streams",
        type: "streams",
        position: vertical ? { x: 20, y: 150 } : { x: 330, y: 44 },
        data: { vertical, count: p.streamCount, modes: p.modes, schedule: p.schedule },
        draggable: false,
      },
      {
        id: "destination",
        type: "connection",
        position: vertical ? { x: 0, y: 270 } : { x: 610, y: 20 },
        data: { vertical, role: "destination", options: p.connections.filter((c) => !c.is_source), value: p.destinationId, connectors: p.connectors, detail: p.destinationDetail, error: p.destinationError, onPick: p.onDestination },
        draggable: false,
      },
    ],
    [p, vertical],
  );
  const active = p.streamCount > 0;
  const edges = useMemo<Edge[]>(
    () => [
      { id: "e1", source: "source", target: "streams", animated: active, style: { strokeWidth: 2 } },
      { id: "e2", source: "streams", target: "destination", animated: active, style: { strokeWidth: 2 } },
    ],
    [active],
  );
  return (
    <div ref={ref} style={{ height: vertical ? 400 : 210 }} data-testid="pipeline-canvas">
      <ReactFlow
        key={vertical ? "v" : "h"}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1 }}
        nodesConnectable={false}
        panOnDrag={false}
        zoomOnScroll={false}
        zoomOnPinch={false}
        zoomOnDoubleClick={false}
        preventScrolling={false}
        colorMode={scheme}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={18} size={1} />
      </ReactFlow>
    </div>
  );
}
