/** Root-cause analysis and corrective/preventive actions of one incident, shown on the incident's page. */
export function CapaPanel(_props: { incidentId: string; canManage: boolean }) {
  return null;
}
