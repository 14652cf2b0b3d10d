import { describeMutant } from './mutantCampaign';

describeMutant('concat-swap', 'forward', 3, 'two branches and the concatenation');
