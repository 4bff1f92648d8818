export * from './read-horizon-holder';
export * from './decide-horizon-health';
export * from './horizon-watch';
