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
  'asset.read', // the asset register (P32-1.1): everyone signed in; the service limits it to the assets the actor may see
  'asset.manage', // register, edit, link and dispose of assets (a unit's staff: their unit's assets)
  'asset.export', // export the asset register to CSV/XLSX (audited)
  'asset.configure', // change the register's settings (the C/I/A scale)
  'law.read', // the laws and norms register (P32-1.3): everyone signed in
  'law.manage', // add, edit, retire laws and norms and their revisions
  'risk.read', // risks, the threat and vulnerability catalogue, the risk matrix (risks scoped by their assets)
  'risk.manage', // register and assess risks, decide treatments, link controls, edit the catalogue
  'risk.accept', // accept a risk (the information security manager only)
  'risk.configure', // change the risk matrix (likelihood, impact, levels)
  'control.read', // the control catalogue, evidence, statement of applicability and clause map (P32-5)
  'control.manage', // add and edit controls, their status, links and evidence
  'soa.export', // export the statement of applicability (PDF, XLSX)
  'exchange.send', // send files through the secure exchange (P32-2.1.2); a transfer is changed only by its sender
  'exchange.approve', // second approval of special-care transfers, in the sender's unit or institution (never one's own)
  'exchange.manage', // the data center: tripwire exceptions, waivers, retention holds, tripwire rules, every transfer's chain of custody
  'incident.report', // report an incident (P32-2.1.1): everyone signed in
  'incident.read', // incidents the actor may see (incidents.scope.ts): reporter, assignee, investigators, unit, site coordinator; the desk all
  'incident.manage', // triage and work through incidents: status, severity, assignee, investigators, links, dashboard (P32-4)
  'incident.contribute', // add timeline entries and attachments to one incident: the desk, or its reporter, assignee or an investigator
  'incident_action.progress', // move a corrective/preventive action along (resource: its owner): the desk any, an owner their own (P32-4)
  'incident_action.accept', // close an action without doing it, with a reason: the information security manager only
  'course.manage', // author courses (lessons, question pool), publish and retire them, see anyone's assignment and certificate (P32-6)
  'coverage.read', // coverage of acknowledgments and training (P32-6): central staff everywhere, a site coordinator for their institution(s)
  'coverage.people', // names in the coverage drill-down (resource: the institution filtered on)
  'coverage.export', // export coverage as CSV, XLSX or PDF (audited)
  'education_report.export', // the yearly education report for the steering committee (PDF, audited)
  'violation.manage', // open violation cases, name investigators, decide sanctions, record appeals, keep the sanction list (the manager only, P32-7)
  'violation.investigate', // read and add findings to a violation case one is named on (the service limits it to those cases)
  'steering_report.read', // the steering committee report with anonymized subjects (P32-7, P32-3)
  'steering_report.named', // the same report naming the subjects of sanctions (the manager only)
  'breach.configure', // the breach-reporting clock settings (days per clock, group recipients on or off): the manager
  'breach.waive', // waive one incident's pending reporting clock with a reason, or withdraw that waiver: the manager only
  'document.read', // the policy library: everyone signed in, limited by the service to documents whose audience includes them (P32-6)
  'document.read_all', // every document and every version, drafts included: central staff, the manager and the steering committee
  'document.manage', // write documents and versions, attach PDFs, submit for approval, enter history (P32-5, P32-8)
  'document.approve', // approve or send back a version (the information security manager only; never the version's own author)
  'document.publish', // publish an approved version: assigns acknowledgments to the audience (the manager only)
  'document.acknowledge', // confirm having read the current version (resource: the person, when the document applies to them)
  'document_ack.read', // a person's acknowledgments (resource: their institutions): central staff, the person's site coordinator
] as const;
export type Action = (typeof ACTIONS)[number];
