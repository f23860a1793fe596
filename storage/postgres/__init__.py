"""The PostgreSQL backend (needs the `postgres` extra: asyncpg). See store.py."""
