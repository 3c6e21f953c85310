"""Statements that run with every append, compiled once per dialect.

Core compiles a statement (or finds it in its cache), converts each value and builds a result
for every execution; on SQLite that costs more than the statement itself. A prepared statement
is the same Core statement, compiled once for the connection's dialect and run with positional
values on the DBAPI cursor, inside the connection's transaction. The SQL is Core's own, each
value goes through its column's own type (`bind_processor`), so what is stored is exactly what
Core would store, and a driver's error comes out as SQLAlchemy's (an `IntegrityError`), as
from Core. SQLAlchemy's statement events do not see these statements; SQLite's own trace
(`SqlCaseStore.trace_writes`) does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import UpdateBase

Convert = Callable[[Sequence[Any]], tuple[Any, ...]]


class PreparedStatement:
    """An INSERT or UPDATE of `columns`, run with their values in that order, then those of
    the `where` clause's bound parameters."""

    def __init__(self, statement: UpdateBase, columns: Sequence[Column[Any]],
                 where: Sequence[str] = ()) -> None:
        self._statement = statement
        self._columns = tuple(columns)
        self._names = (*(column.key for column in columns), *where)
        self._compiled: dict[tuple[str, str], tuple[str, Convert]] = {}

    def execute(self, connection: Connection, values: Sequence[Any]) -> int:
        """Run the statement once; the number of rows it changed."""
        return self._run(connection, "execute", values)

    def executemany(self, connection: Connection, rows: Sequence[Sequence[Any]]) -> None:
        """Run the statement for each of `rows`, as one DBAPI executemany."""
        self._run(connection, "executemany", rows)

    def _run(self, connection: Connection, method: str, values: Any) -> int:
        sql, convert = self._for(connection.dialect)
        parameters = convert(values) if method == "execute" else [convert(row) for row in values]
        driver = connection.connection.dbapi_connection
        assert driver is not None, "an open connection has its driver's connection"
        cursor = driver.cursor()
        try:
            getattr(cursor, method)(sql, parameters)
            return int(cursor.rowcount)
        except connection.dialect.loaded_dbapi.Error as error:
            raise DBAPIError.instance(sql, parameters, error,
                                      connection.dialect.loaded_dbapi.Error) from error
        finally:
            cursor.close()

    def _for(self, dialect: Dialect) -> tuple[str, Convert]:
        key = (dialect.name, dialect.driver)
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = self._compile(dialect)
        return found

    def _compile(self, dialect: Dialect) -> tuple[str, Convert]:
        compiled = self._statement.compile(
            dialect=dialect, column_keys=[column.key for column in self._columns])
        order = compiled.positiontup
        if order is None:
            raise ValueError(f"{dialect.name} does not bind parameters by position")
        processors = {column.key: column.type.dialect_impl(dialect).bind_processor(dialect)
                      for column in self._columns}
        # The given values, in the order the statement binds them (Core sets columns in
        # the table's order), converted where the column's type converts (times, flags).
        bound = itemgetter(*(self._names.index(name) for name in order))
        converted = [(at, process) for at, name in enumerate(order)
                     if (process := processors.get(name)) is not None]
        if not converted and list(order) == list(self._names):
            return compiled.string, tuple

        def convert(values: Sequence[Any]) -> tuple[Any, ...]:
            row = list(bound(values))
            for at, process in converted:
                row[at] = process(row[at])
            return tuple(row)

        return compiled.string, convert
