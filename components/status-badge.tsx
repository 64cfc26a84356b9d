import { useTranslations } from "next-intl";
import { channelLabelKey } from "@/lib/i18n/status-labels";
import { type AttemptStatus, STATUS_LABELS, statusTone } from "@/lib/status";
import { Badge } from "./ui/badge";

/**
 * "Failed · Bounced": the status, then the channel's own label when it says more. The label
 * is stored in English on the row; both are translated here, from the status code and the
 * stored word, and compared in English so "Failed · Failed" never shows.
 */
export function StatusBadge({ status, label, className }: { status: AttemptStatus; label?: string | null; className?: string }) {
  const t = useTranslations();
  const key = label && label !== STATUS_LABELS[status] ? channelLabelKey(label) : null;
  const detail = key ? t(`channelLabel.${key}`) : label && label !== STATUS_LABELS[status] ? label : null;
  return (
    <Badge tone={statusTone(status)} className={className}>
      {t(`status.${status}`)}
      {detail ? <span className="font-normal opacity-80">· {detail}</span> : null}
    </Badge>
  );
}
