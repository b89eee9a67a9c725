/** What the org module offers other modules. */
export { PeopleService } from './people.service.js';
export { loadAffiliations } from './people.repo.js';
