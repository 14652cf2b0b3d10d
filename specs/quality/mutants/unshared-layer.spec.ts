import { describeMutant } from './mutantCampaign';

describeMutant('unshared-layer', 'inventory', 2, 'one layer applied twice, and a head');
