import { DecideRegistrationChange, ListRegistrationChangesQuery, RegistrationChangeDto, RegistrationChangePage, SubmitRegistrationChange } from '../registration.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/** Registration changes (P32-2.1.3f): a person reports a change; the data center decides. */
export const registrationApi = defineApi(
  { tags: ['registration changes'] },
  {
    mine: { method: 'GET', path: '/api/registration-changes', query: ListRegistrationChangesQuery, response: RegistrationChangePage },
    queue: { method: 'GET', path: '/api/registration-changes/queue', query: ListRegistrationChangesQuery, response: RegistrationChangePage },
    get: { method: 'GET', path: '/api/registration-changes/:id', params: IdParam, response: RegistrationChangeDto },
    submit: { method: 'POST', path: '/api/registration-changes', body: SubmitRegistrationChange, response: RegistrationChangeDto, status: 201 },
    decide: { method: 'POST', path: '/api/registration-changes/:id/decision', params: IdParam, body: DecideRegistrationChange, response: RegistrationChangeDto },
    withdraw: { method: 'POST', path: '/api/registration-changes/:id/withdraw', params: IdParam, response: RegistrationChangeDto },
  },
);
