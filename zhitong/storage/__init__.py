"""The database: the file, its migrations, the queries and bulk writes behind ``zhitong.store``."""
