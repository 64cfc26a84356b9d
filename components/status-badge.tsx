import { type AttemptStatus, STATUS_LABELS, statusTone } from "@/lib/status";
import { Badge } from "./ui/badge";

/** "Failed · Bounced": the status, then the channel's own label when it says more. */
export function StatusBadge({ status, label, className }: { status: AttemptStatus; label?: string | null; className?: string }) {
  const statusLabel = STATUS_LABELS[status];
  const detail = label && label !== statusLabel ? label : null;
  return (
    <Badge tone={statusTone(status)} className={className}>
      {statusLabel}
      {detail ? <span className="font-normal opacity-80">· {detail}</span> : null}
    </Badge>
  );
}
