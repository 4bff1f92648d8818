/** The release reported by every service's health route. */
export const CAFE_VERSION = '0.1.0';
