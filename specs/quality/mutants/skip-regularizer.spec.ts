import { describeMutant } from './mutantCampaign';

describeMutant('skip-regularizer', 'loss', 3, 'a regularized layer, with a repair');
