// The MOF grammar's Chevrotain: the loader shared with the WQL grammar, which the runtime
// uses and which must not pull the MOF grammar along.
export * from '../chevrotain.js';
