import type { RollbackConfig } from './rollback-config';

export interface ChecklistStep {
  name: 'capture_incident_context' | 'prepare_write_safety' | 'rollback_order' | 'post_rollback_validation';
  pass: true;
  notes: string;
}

/** Where the drill points, as reported in every mode. */
export function describeTargets(config: RollbackConfig): { world: string | null; api: string; realtime: string } {
  return { world: config.worldUrl, api: config.apiUrl, realtime: config.realtimeUrl };
}

/**
 * The fixed four-step rollback checklist of docs/performance.md#rollback-drill-npm-run-runtimerollbackdrill (dry-run: nothing is called),
 * with notes that name this deployment's own endpoints.
 */
export function buildRollbackChecklist(config: RollbackConfig): ChecklistStep[] {
  const publicPath = config.worldUrl ? 'the world server and realtime' : 'realtime';
  return [
    {
      name: 'capture_incident_context',
      pass: true,
      notes: 'Record the deployment ids (old and new), a sample of failing x-request-id / x-correlation-id values and the impact window (first and last bad request).',
    },
    {
      name: 'prepare_write_safety',
      pass: true,
      notes: 'Pause webhook delivery and the reaction engine so that automation does not amplify errors while versions change; the event log keeps everything for the catch-up.',
    },
    {
      name: 'rollback_order',
      pass: true,
      notes: `Roll back the public path first (${publicPath}), then the command API and the projector, then re-enable automation.`,
    },
    {
      name: 'post_rollback_validation',
      pass: true,
      notes: `Check ${config.worldUrl ? `${config.worldUrl}/api/healthz, ` : ''}${config.apiUrl}/healthz, ${config.realtimeUrl}/healthz and that ${config.apiUrl}/v1/streams/market-events sends its ready frame (ROLLBACK_DRILL_MODE=probe checks the health routes).`,
    },
  ];
}
