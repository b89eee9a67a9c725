/** The breach assessment and reporting clocks of one incident, shown on the incident's page. */
export function BreachPanel(_props: { incidentId: string; canManage: boolean }) {
  return null;
}
