"""The floor: zhitong's overdue (or pending) query through Python's sqlite3, printing plain rows.

What any program answering the question must at least do: start Python, open the file, run
the query on the same schema and indexes (the open-milestone partial index), print one line
per row (pending: one per open case, with its nearest deadline). No CLI framework, no
deadline arithmetic (paused cases and working time left are ignored), no table layout.

    python bench/floor.py overdue DB NOW
    python bench/floor.py pending DB
"""

import sqlite3
import sys

OVERDUE = """
SELECT c.ref, e.name, d.name, m.name, m.due, c.urges
FROM milestones m JOIN cases c ON c.id = m.case_id
JOIN enterprises e ON e.id = c.enterprise_id LEFT JOIN departments d ON d.id = c.department_id
WHERE m.met_at IS NULL AND m.due < ? AND c.paused_since IS NULL
ORDER BY m.due, c.ref
"""

PENDING = """
SELECT c.ref, e.name, c.title, d.name, c.status, m.name, m.due
FROM (SELECT case_id, name, MIN(due) AS due FROM milestones INDEXED BY milestones_open_due
      WHERE met_at IS NULL GROUP BY case_id) m
JOIN cases c ON c.id = m.case_id
JOIN enterprises e ON e.id = c.enterprise_id LEFT JOIN departments d ON d.id = c.department_id
ORDER BY m.due, c.ref
"""


def main() -> None:
    which, path = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(path)
    rows = conn.execute(OVERDUE, (sys.argv[3],)) if which == "overdue" else conn.execute(PENDING)
    write = sys.stdout.write
    for row in rows:
        write("\t".join("" if v is None else str(v) for v in row) + "\n")


if __name__ == "__main__":
    main()
