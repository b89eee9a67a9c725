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
  'mail.read', // the email outbox (it holds one-time links)
  'account.manage', // issue, suspend, reactivate, set expiry, offboard accounts; end a person's sessions
  'account.end_all_sessions', // end everyone's sessions at once
  'credential_loss.manage', // work through and close credential-loss reports (P32-2.1.3b)
  'group_credential.manage', // rotate group IDs, read rosters (P32-2.1.3d)
  'group_content.publish', // publish member-only content for a research group
  'group_credential.reveal', // see a group's ID and password: its researchers and site coordinators only (P32-2.1.3d, e)
  'group_credential.resend', // email a group ID to a researcher of one's own site in the group (P32-2.1.3e)
  'group_content.read', // read a research group's member-only content
  'registration_change.review', // approve or reject registration changes (P32-2.1.3f)
  'access_review.manage', // run access-review campaigns
  'registration_change.submit_for', // submit a registration change on someone else's behalf (a site coordinator: their own institution's people)
  'access_review.decide', // confirm or remove in an access review (a site coordinator: their own institution's researchers)
] as const;
export type Action = (typeof ACTIONS)[number];
