// Shapes of admin-api's template and mail records as the console uses them
// (components Template, RenderedTemplate and MailDelivery in the OpenAPI document).
import type { DeclaredVariables } from './placeholders.ts';

export const TEMPLATE_TYPES = ['email', 'event', 'webhook'] as const;
export const TEMPLATE_CATEGORIES = ['notification', 'reminder', 'report'] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

export type Template = {
  id: string;
  name: string;
  type: TemplateType;
  category: string | null;
  description: string | null;
  subject: string | null;
  body_html: string | null;
  body_text: string | null;
  payload: unknown;
  variables: DeclaredVariables;
  usage_count: number;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
};

export type RenderedTemplate = {
  type: TemplateType;
  subject: string | null;
  body_html: string | null;
  body_text: string | null;
  payload: unknown;
  missing: string[];
};

export type MailDelivery = {
  id: string;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  message_id: string | null;
  error: string | null;
};

export const TYPE_CHOICES = TEMPLATE_TYPES.map((id) => ({ id, name: `resources.templates.types.${id}` }));
export const CATEGORY_CHOICES = TEMPLATE_CATEGORIES.map((id) => ({ id, name: `resources.templates.categories.${id}` }));
