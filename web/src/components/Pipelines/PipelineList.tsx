import { ButtonLink } from "../ui/links";
import { Paper } from "@mantine/core";
import { IconPlus, IconRoute } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { connectionsQuery } from "../../api/connections";
import { pipelinesQuery } from "../../api/pipelines";
import { EmptyState, ErrorState, Loading, PageHeader } from "../ui/States";
import { PipelinesTable } from "./PipelinesTable";

export function PipelineList() {
  const pipelines = useQuery(pipelinesQuery());
  const connections = useQuery(connectionsQuery());
  const action = <ButtonLink to="/pipelines/new" leftSection={<IconPlus size={16} />}>New pipeline</ButtonLink>;
  return (
    <>
      <PageHeader title="Pipelines" description="What is copied from where to where, and when." actions={action} />
      {pipelines.isPending ? (
        <Loading label="Loading pipelines…" />
      ) : pipelines.isError ? (
        <ErrorState error={pipelines.error} retry={() => void pipelines.refetch()} />
      ) : pipelines.data.count === 0 ? (
        <EmptyState icon={<IconRoute size={28} />} title="No pipelines yet" action={action}>
          A pipeline copies tables from a source into a destination, on a schedule or when you press Run.
        </EmptyState>
      ) : (
        <Paper withBorder radius="lg" p="xs">
          <PipelinesTable pipelines={pipelines.data.data} connections={connections.data?.data ?? []} />
        </Paper>
      )}
    </>
  );
}
