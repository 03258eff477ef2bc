// Healing actions restart services, clean disks and reboot hosts: the form asks once more
// before it submits. The form is validated first, so the dialog only opens for a request the
// server may accept; confirming submits the form itself, so server field errors still land
// under their inputs.
import HealingIcon from '@mui/icons-material/Healing';
import { useRef, useState } from 'react';
import { Button, Confirm, useSaveContext, useTranslate } from 'react-admin';
import { useFormContext } from 'react-hook-form';

export function ConfirmRequestButton() {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);
  const { trigger, getValues } = useFormContext();
  const { saving } = useSaveContext();
  const values = getValues();
  return (
    <>
      <Button
        ref={ref}
        variant="contained"
        label="resources.healing-actions.request"
        startIcon={<HealingIcon />}
        disabled={saving}
        onClick={async () => {
          if (await trigger()) setOpen(true);
        }}
      />
      <Confirm
        isOpen={open}
        loading={saving}
        title="resources.healing-actions.confirm_title"
        content={translate(
          values.dry_run ? 'resources.healing-actions.confirm_dry_run' : 'resources.healing-actions.confirm_content',
          { action: values.action ?? '', host: values.host ?? '' },
        )}
        onConfirm={() => {
          setOpen(false);
          ref.current?.closest('form')?.requestSubmit();
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
