import { ButtonLink } from "../ui/links";
import { IconMapOff } from "@tabler/icons-react";
import { EmptyState } from "../ui/States";

export function NotFound() {
  return (
    <EmptyState icon={<IconMapOff size={28} />} title="Nothing here" action={<ButtonLink to="/">Go to the dashboard</ButtonLink>}>
      This page does not exist. It may have been deleted, or the link is wrong.
    </EmptyState>
  );
}
