import { cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string | null;
  /** 1, 5 and 15 minute load averages when read. */
  loadAverage: [number, number, number];
}

/** Describes the machine a figure was measured on, with its load at that moment. */
export function describeMachine(postgresVersion: string | null): MachineInfo {
  const [one, five, fifteen] = loadavg().map((value) => Math.round(value * 100) / 100);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    postgres: postgresVersion,
    loadAverage: [one!, five!, fifteen!],
  };
}

/** The 1-minute load average, rounded, for a line of the table. */
export function readLoadAverage(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}
