import { describeMutant } from './mutantCampaign';

describeMutant('untracked-weights', 'inventory', 3, 'one weighted layer, with a repair before it');
