// admin-api's Setting record (OpenAPI component Setting).
export type Setting = {
  id: string;
  category: string;
  description: string | null;
  value: Record<string, unknown>;
  secrets: Record<string, { set: boolean }>;
  secrets_readable: boolean;
  stored: boolean;
  secret_updated_at: string | null;
  updated_by: string | null;
  created_at: string | null;
  updated_at: string | null;
};
