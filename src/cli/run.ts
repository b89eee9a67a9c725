import { loadConfig, ConfigError, type Config } from '../server/config.js';

/** Loads configuration for a CLI command, printing the variables at fault and exiting on error. */
export function cliConfig(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}
