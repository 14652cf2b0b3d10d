import { describeMutant } from './mutantCampaign';

describeMutant('drop-bias', 'inventory', 3, 'a dense or conv, with a repair before it');
