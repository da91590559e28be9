/** H5 is served by the API itself, so calls go to the same origin. */
export const API_BASE = '';
