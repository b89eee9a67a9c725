export * from './org.js';
export * from './auth.js';
export * from './audit.js';
export * from './imports.js';
