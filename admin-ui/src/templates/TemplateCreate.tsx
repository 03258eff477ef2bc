import { Create, SimpleForm } from 'react-admin';
import { TemplateLayout } from './TemplateLayout.tsx';

// Pessimistic: the server's syntax check (problem+json `errors.body_html`…) lands under the
// fields. After creating, the editor opens: that is where the preview and test send are.
export function TemplateCreate() {
  return (
    <Create mutationMode="pessimistic" redirect="edit">
      <SimpleForm defaultValues={{ type: 'email', variables: {} }}>
        <TemplateLayout />
      </SimpleForm>
    </Create>
  );
}
