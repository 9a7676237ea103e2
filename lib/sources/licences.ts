/**
 * Attribution every item from a public-sector source must carry when it is republished (digests, exports).
 * Wording from the licences themselves (research/sources.md §7).
 */
export const OPEN_PARLIAMENT_LICENCE =
  'Contains Parliamentary information licensed under the Open Parliament Licence v3.0. ' +
  'https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/';

export const OPEN_GOVERNMENT_LICENCE =
  'Contains public sector information licensed under the Open Government Licence v3.0. ' +
  'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';
