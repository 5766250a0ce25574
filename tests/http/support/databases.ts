/**
 * The server databases the HTTP tests run on when their URLs are set: each caller gets a
 * PostgreSQL schema or a MySQL database of its own, so test files and examples can run in
 * parallel.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { MYSQL_URL, POSTGRES_URL } from '../../support/backends.js';

/** A fresh, empty schema named `name`, as a `DATABASE_URL` working in it. */
async function freshPostgresSchema(url: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists ${name} cascade`);
  await client.query(`create schema ${name}`);
  await client.end();
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${name}`);
  return withSchema.toString();
}

/** A fresh, empty database named `name`, as a `DATABASE_URL` on it. */
async function freshMysqlDatabase(url: string, name: string): Promise<string> {
  const connection = await mysql.createConnection({ uri: url });
  await connection.query(`drop database if exists ${name}`);
  await connection.query(`create database ${name}`);
  await connection.end();
  const withDatabase = new URL(url);
  withDatabase.pathname = `/${name}`;
  return withDatabase.toString();
}

/** PostgreSQL and MariaDB/MySQL: `url` is `undefined` when the backend is left out. */
export const SERVER_DATABASES = [
  { backend: 'postgres', url: POSTGRES_URL, fresh: freshPostgresSchema },
  { backend: 'mysql', url: MYSQL_URL, fresh: freshMysqlDatabase },
] as const;
