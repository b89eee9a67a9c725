/** Every action the product authorizes. The rules live in src/server/authz/policy.ts; the web uses the names to show what a person may do. */
export const ACTIONS = [
  'org.read', // units, institutions, research groups, studies, committees
  'org.manage', // create, edit, deactivate those
  'person.list', // list people (filtered to what the actor may see)
  'person.read', // view one person
  'person.manage', // create, edit, deactivate people
  'role.grant_privileged', // grant or revoke the manager and administrator roles
  'import.run', // CSV import of institutions and people
  'audit.read', // the audit viewer
  'audit.verify', // verify the chain, export signed checkpoints
] as const;
export type Action = (typeof ACTIONS)[number];
