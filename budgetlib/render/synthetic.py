"""Synthetic scale data, for benchmarks only: never real budgets, and labelled so everywhere.

Two kinds, both made from the bundled sample (the one real document shipped with the project):

- `write_documents(folder, departments, years)`: N departments × years as PDFs rendered by the project's renderer
  (budgetlib.render.sample_pdf). Each is the sample with its department renamed `合成市第NNN号测试办公室`
  ("synthetic city, test office number NNN") and its years moved; the figures are the sample's. The files are
  named `synthetic-NNN-YYYY.pdf`, their PDF subject says "SYNTHETIC", and a batch over them marks its data
  package and front page as synthetic (their sources say so).
- `fill_store(out, documents)`: rows inserted directly into a DuckDB store, for queries over 10,000 documents
  without reading 10,000 PDFs. Each synthetic document is the sample's frames under a new doc_id (`synthetic-…`),
  department and year, with every amount scaled by a factor drawn per document (seeded), so that rankings have
  something to rank. Its `source` is `synthetic:<n>`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "000_ebb61a327681cc18.txt"
SAMPLE_DEPARTMENT = "重庆市南岸区人民政府办公室"
SAMPLE_YEAR = 2025
LABEL = "synthetic"
SUBJECT = "SYNTHETIC test data for benchmarks, not a real budget"


def department(number: int) -> str:
    return f"合成市第{number:03d}号测试办公室"


def synthetic_text(number: int, year: int, source: Path = SAMPLE) -> str:
    """The sample's text as a synthetic department's document for `year` (the prior year moves with it)."""
    text = source.read_text(encoding="utf-8").replace(SAMPLE_DEPARTMENT, department(number))
    shift = year - SAMPLE_YEAR
    return re.sub(r"20\d{2}(?=\s*年)", lambda m: str(int(m.group()) + shift), text)


def write_documents(folder: Path, departments: int, years: list[int], *, pdf: bool = True) -> list[Path]:
    """departments × years synthetic documents in `folder` (PDF, or the text form); returns their paths."""
    return [path for number in range(1, departments + 1) for path in write_one(folder, number, years, pdf=pdf)]


def write_one(folder: Path, number: int, years: list[int], *, pdf: bool = True) -> list[Path]:
    """One synthetic department's documents, one per year (a unit of work a benchmark spreads over cores)."""
    from budgetlib.render.sample_pdf import render_sample

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years:
        stem = f"{LABEL}-{number:03d}-{year}"
        text = folder / f"{stem}.txt"
        text.write_text(synthetic_text(number, year), encoding="utf-8")
        if not pdf:
            written.append(text)
            continue
        target = folder / f"{stem}.pdf"
        render_sample(text, target, font_cache=folder / ".fonts", subject=SUBJECT)
        text.unlink()
        written.append(target)
    return written


def fill_store(out: Path, documents: int, seed: int = 14, years: tuple[int, ...] = (2023, 2024, 2025, 2026)) -> Path:
    """A store in `out` holding `documents` synthetic documents, inserted directly (one transaction per table)."""
    import duckdb
    import numpy as np

    import budgetlib
    from budgetlib import schema
    from budgetlib.store import DATABASE, TABLES, _create

    frames = budgetlib.read(SAMPLE).frames()
    generator = np.random.default_rng(seed)
    factors = generator.uniform(0.2, 5.0, documents).round(4)  # one per document: rankings have something to rank
    ids = np.array([f"{LABEL}-{index:08d}" for index in range(documents)], dtype=object)
    out.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(out / DATABASE)) as con:
        con.execute("SET enable_progress_bar = false")
        schema.migrate(con, str(out / DATABASE))  # a fresh store: its schema version
        for name in TABLES:
            frame = frames[name]
            rows = len(frame)
            whole = pd.concat([frame] * documents, ignore_index=True) if rows else frame.copy()
            if rows:
                whole["doc_id"] = np.repeat(ids, rows)
                for column in schema.columns(name):
                    if column.unit == "万元" and column.name in whole:
                        whole[column.name] = (whole[column.name] * np.repeat(factors, rows)).round(2)
            if name == "documents":
                numbers = np.arange(documents)
                whole["department"] = [department(n // len(years) + 1) for n in numbers]
                whole["region"] = "合成市"
                whole["year"] = [years[n % len(years)] for n in numbers]
                whole["source"] = [f"{LABEL}:{n}" for n in numbers]
                whole["sha256"] = ids
            con.execute("BEGIN TRANSACTION")
            _create(con, name)
            con.register("incoming", whole)
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
            con.unregister("incoming")
            con.execute("COMMIT")
    return out / DATABASE


THREE_PUBLIC_RANKING = """
SELECT d.department, d.year, k.amount AS three_public,
       rank() OVER (PARTITION BY d.year ORDER BY k.amount DESC) AS rank
FROM key_figures AS k JOIN documents AS d USING (doc_id)
WHERE k.key = 'three_public_total'
ORDER BY d.year, rank
"""
