// "+ Deal" on a contact's or company's page: the new-deal dialog in the default pipeline,
// pre-filled with the customer; the customer page stays and its deal lists follow.
import { useQueryClient } from '@tanstack/react-query';
import { usePipelines } from './dealsData.ts';
import { NewDealModal } from './NewDealModal.tsx';

export default function CustomerNewDeal({
  opened,
  onClose,
  companyId,
  contactId,
}: {
  opened: boolean;
  onClose: () => void;
  companyId: string | null;
  contactId: string | null;
}) {
  const client = useQueryClient();
  const pipelines = usePipelines();
  const pipeline = pipelines.data?.[0];
  if (!pipeline) return null;
  const close = () => {
    // Every page that lists the customer's deals or figures reads them anew.
    if (contactId) void client.invalidateQueries({ queryKey: ['contacts', 'detail', contactId] });
    if (companyId) void client.invalidateQueries({ queryKey: ['companies', 'detail', companyId] });
    onClose();
  };
  return (
    <NewDealModal
      opened={opened}
      onClose={close}
      pipeline={pipeline}
      companyId={companyId}
      contactId={contactId}
      offerWayOn
    />
  );
}
