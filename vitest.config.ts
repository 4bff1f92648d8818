import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.js';

export default defineConfig({
  test: {
    projects,
    // Two cores: integration files each own a database, but e2e files start processes.
    maxWorkers: 2,
    passWithNoTests: false,
  },
});
