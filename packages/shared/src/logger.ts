import winston from 'winston';
import type { LogFormat } from './env/vars';

export type Logger = winston.Logger;


export interface LoggerOptions {
  service: string;
  level?: string;
  /** `LOG_FORMAT`; JSON lines unless `pretty` is asked for. */
  format?: LogFormat;
}

const SECRET_KEYS = /token|password|secret|apikey|api_key|authorization/i;

/** Masks values of keys that look like credentials, so a token never reaches a log line. */
const redactSecrets = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (SECRET_KEYS.test(key)) info[key] = '[redacted]';
  }
  return info;
});

/**
 * Creates the service logger. Every line carries `service`; request-scoped loggers add
 * `requestId` and `correlationId` with `logger.child({ ... })`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const format =
    options.format !== 'pretty'
    ? winston.format.combine(redactSecrets(), winston.format.timestamp(), winston.format.json())
    : winston.format.combine(
        redactSecrets(),
        winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
        winston.format.colorize(),
        winston.format.printf(({ timestamp, level, message, service, ...meta }) => {
          const rest = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
          return `${timestamp} ${level} [${service}] ${message}${rest}`;
        }),
      );
  return winston.createLogger({
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    defaultMeta: { service: options.service },
    format,
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
}
