import type postgres from 'postgres';

/** A pool or a transaction: every repository function runs on either. */
export type Queryable = postgres.ISql;

/** A transaction handle, as `sql.begin` passes it. */
export type Transaction = postgres.TransactionSql;
