import { describeMutant } from './mutantCampaign';

describeMutant('no-training-flag', 'forward', 3, 'a dropout or batch norm, its input repair and a head');
