"""Statements that run with every append, compiled once per dialect.

Core compiles a statement (or finds it in its cache), converts each value and builds a result
for every execution; on SQLite that costs more than the statement itself. A prepared statement
is the same Core statement, compiled once for the connection's dialect, run with positional
values through `exec_driver_sql`. The SQL is Core's own and each value goes through its
column's own type (`bind_processor`), so what is stored is exactly what Core would store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, CursorResult
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.expression import UpdateBase

Convert = Callable[[Sequence[Any]], tuple[Any, ...]]


class PreparedStatement:
    """An INSERT or UPDATE run with values given in `columns` order, then `where` names."""

    def __init__(self, statement: UpdateBase, columns: Sequence[Column[Any]],
                 where: Sequence[str] = ()) -> None:
        self._statement = statement
        self._columns = tuple(columns)
        self._names = (*(column.key for column in columns), *where)
        self._compiled: dict[tuple[str, str], tuple[str, Convert]] = {}

    def execute(self, connection: Connection, values: Sequence[Any]) -> CursorResult[Any]:
        """Run the statement once."""
        sql, convert = self._for(connection.dialect)
        return connection.exec_driver_sql(sql, convert(values))

    def executemany(self, connection: Connection, rows: Sequence[Sequence[Any]]) -> None:
        """Run the statement for each of `rows`, as one DBAPI executemany."""
        sql, convert = self._for(connection.dialect)
        connection.exec_driver_sql(sql, [convert(row) for row in rows])

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
        # Where each bound parameter's value is in the given values, and how it is converted.
        plan = [(self._names.index(name), processors.get(name)) for name in order]
        if plan == [(at, None) for at in range(len(self._names))]:
            return compiled.string, tuple  # the values as given (all the journal's columns)

        def convert(values: Sequence[Any]) -> tuple[Any, ...]:
            return tuple(values[at] if process is None else process(values[at])
                         for at, process in plan)

        return compiled.string, convert
