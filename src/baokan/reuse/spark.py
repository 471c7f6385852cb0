"""Reprint detection on PySpark: the same steps and functions as the local engine
(`fingerprint.fingerprints`, `local.candidate_pairs`' rules, `alignment.compare`), for corpora that do
not fit one machine. Articles go to Spark as Parquet; pairs come back as Parquet and are
stored in the archive, where clusters, `reuse show` and `export --reuse` read them.

Needs the optional dependency `pyspark` (`pip install 'baokan[spark]'`) and Java (a JRE: 8–17
for PySpark 3, 17 or 21 for PySpark 4); `check_spark` says in one line what is missing before
Spark is started.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..archive.store import Archive
from ..errors import BaokanError, SparkUnavailable
from . import db
from .alignment import MIN_CHARS, MIN_IDENTITY, compare
from .fingerprint import GRAM, SAMPLE, normalize
from .local import MAX_DF, MIN_SHARED, ReuseReport, clusters

JAVA_INSTALL = "apt-get install -y openjdk-17-jre-headless, or set JAVA_HOME"
PYSPARK_INSTALL = "pip install 'baokan[spark]'"


def _java_versions(pyspark_version: str | None) -> tuple[int, int]:
    """The Java feature versions the installed PySpark runs on (PySpark 4: 17 and 21)."""
    major = int(pyspark_version.split(".")[0]) if pyspark_version and pyspark_version[:1].isdigit() else 3
    return (17, 21) if major >= 4 else (8, 17)


def _needs(versions: tuple[int, int]) -> str:
    low, high = versions
    return f"reuse --engine spark needs Java {low}–{high} (a JRE)"


def find_java() -> str | None:
    """The java Spark would start: JAVA_HOME/bin/java when JAVA_HOME is set, else `java` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / ("java.exe" if sys.platform == "win32" else "java")
        return str(java) if java.is_file() and os.access(java, os.X_OK) else None
    return shutil.which("java")


def check_spark() -> None:
    """Raise `SparkUnavailable` with one line saying what is missing (Java, a Java that runs and
    is of a version Spark runs on, PySpark) and how to install it; nothing is started but
    `java -version`."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        pyspark_version: str | None = version("pyspark")
    except PackageNotFoundError:
        pyspark_version = None
    versions = _java_versions(pyspark_version)
    java = find_java()
    if java is None:
        home = os.environ.get("JAVA_HOME")
        where = f" (JAVA_HOME is {home}, which has no bin/java)" if home else " (no java on PATH)"
        raise SparkUnavailable(f"{_needs(versions)}{where}: {JAVA_INSTALL}")
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        raise SparkUnavailable(f"{_needs(versions)}; {java} does not run ({e}): {JAVA_INSTALL}") from e
    said = (done.stderr or "") + (done.stdout or "")
    if done.returncode != 0:
        first = said.strip().splitlines()[0][:120] if said.strip() else f"exit status {done.returncode}"
        raise SparkUnavailable(f"{_needs(versions)}; {java} does not run ({first}): {JAVA_INSTALL}")
    m = re.search(r'version "(\d+)(?:\.(\d+))?', said)
    if m:
        feature = int(m.group(2) or 0) if m.group(1) == "1" else int(m.group(1))  # "1.8.0_392" is Java 8
        if not versions[0] <= feature <= versions[1]:
            raise SparkUnavailable(f"{_needs(versions)}, {java} is Java {feature}: {JAVA_INSTALL}")
    if pyspark_version is None:
        raise SparkUnavailable(f"reuse --engine spark needs PySpark: {PYSPARK_INSTALL}")


def _align_rows(min_chars: int, min_identity: float) -> Any:
    def run(rows: Any) -> Any:
        for r in rows:
            pair = compare(
                r["a_id"], r["b_id"], r["a_paper"], r["b_paper"], r["a_body"], r["b_body"], min_chars, min_identity
            )
            if pair is not None:
                yield pair

    return run


def run_spark(
    archive: Archive,
    min_chars: int = MIN_CHARS,
    min_identity: float = MIN_IDENTITY,
    master: str = "local[2]",
    workdir: Path | None = None,
) -> ReuseReport:
    """Find all reprint pairs of the archive on Spark and store them (replacing earlier pairs)."""
    check_spark()
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise SparkUnavailable(f"reuse --engine spark needs PySpark: {PYSPARK_INSTALL} ({e})") from e
    work = Path(workdir or tempfile.mkdtemp(prefix="baokan-spark-"))
    work.mkdir(parents=True, exist_ok=True)
    articles = _write_articles(archive, min_chars, work / "articles.parquet")

    # workers run this very interpreter (where baokan is installed); on a cluster, install it there
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    try:
        spark = (
            SparkSession.builder.master(master)
            .appName("baokan-reuse")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )
    except Exception as e:  # the JVM did not start: one line for the CLI, not Py4J's traceback
        first = (str(e).strip().splitlines() or [""])[0][:200]
        raise SparkUnavailable(f"Spark did not start ({type(e).__name__}: {first}); is Java 17 installed? "
                               f"{JAVA_INSTALL}") from e
    spark.sparkContext.setLogLevel("ERROR")
    try:
        cands = _find_pairs(spark, work, min_chars, min_identity)
    except Exception as e:  # Py4J and Spark errors: one line for the CLI
        raise BaokanError(f"the Spark job failed ({type(e).__name__}: {str(e).splitlines()[0][:200]})", archive.path) from e
    finally:
        spark.stop()
    found = _store_pairs(archive, work / "pairs.parquet", db.ReuseSettings(min_chars, min_identity, engine="spark"))
    return ReuseReport(articles, cands, found, found, len(clusters(archive)))


def _write_articles(archive: Archive, min_chars: int, path: Path) -> int:
    """The articles long enough to compare, as Parquet for Spark (id, paper, body and the text
    normalised as `fingerprint.fingerprints` sees it); return how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = archive.db.execute(
        "SELECT id, paper, body FROM articles WHERE length(body) >= ? ORDER BY id", (min_chars,)
    ).fetchall()
    table = pa.table(
        {
            "id": [r[0] for r in rows],
            "paper": [r[1] for r in rows],
            "body": [r[2] for r in rows],
            "norm": [normalize(r[2]).text for r in rows],
        },
        schema=pa.schema([("id", pa.int64()), ("paper", pa.string()), ("body", pa.string()), ("norm", pa.string())]),
    )
    pq.write_table(table, path)
    return len(rows)


def _find_pairs(spark: Any, work: Path, min_chars: int, min_identity: float) -> int:
    """The Spark job: fingerprints, candidate pairs and their alignment, from work/articles.parquet
    to work/pairs.parquet; return how many candidates there were."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    articles = spark.read.parquet(str(work / "articles.parquet"))
    # fingerprint.fingerprints in Spark SQL, so the JVM does it without shipping rows to Python:
    # the crc32 of each UTF-8 8-gram of the normalised text, kept when ≡ 0 mod SAMPLE
    prints = (
        articles.where(F.length("norm") >= GRAM)
        .select("id", "norm", F.explode(F.sequence(F.lit(1), F.length("norm") - GRAM + 1)).alias("pos"))
        .select("id", F.crc32(F.encode(F.expr(f"substring(norm, pos, {GRAM})"), "UTF-8")).alias("h"))
        .where(F.col("h") % SAMPLE == 0)
        .distinct()
    )
    df = prints.groupBy("h").agg(F.count("*").alias("n")).where((F.col("n") >= 2) & (F.col("n") <= MAX_DF))
    postings = prints.join(df.select("h"), "h")
    a, b = postings.alias("a"), postings.alias("b")
    shared = (
        a.join(b, (F.col("a.h") == F.col("b.h")) & (F.col("a.id") < F.col("b.id")))
        .groupBy(F.col("a.id").alias("a_id"), F.col("b.id").alias("b_id"))
        .agg(F.count("*").alias("shared"))
        .where(F.col("shared") >= MIN_SHARED)
    )
    cands = shared.count()
    body_a = articles.select(F.col("id").alias("a_id"), F.col("paper").alias("a_paper"), F.col("body").alias("a_body"))
    body_b = articles.select(F.col("id").alias("b_id"), F.col("paper").alias("b_paper"), F.col("body").alias("b_body"))
    schema = T.StructType(
        [
            T.StructField("a_id", T.LongType()),
            T.StructField("b_id", T.LongType()),
            T.StructField("same_paper", T.BooleanType()),
            T.StructField("chars", T.LongType()),
            T.StructField("identity", T.DoubleType()),
            T.StructField("passages", T.StringType()),
        ]
    )
    pairs = shared.join(body_a, "a_id").join(body_b, "b_id").rdd.mapPartitions(_align_rows(min_chars, min_identity))
    pairs.toDF(schema).write.mode("overwrite").parquet(str(work / "pairs.parquet"))
    return int(cands)


def _store_pairs(archive: Archive, path: Path, settings: db.ReuseSettings) -> int:
    """The pairs Spark found replace the archive's, with the settings they were found with (the
    next local run starts again); return how many."""
    import pyarrow.parquet as pq

    found = pq.read_table(path).to_pylist()
    db.reuse_reset(archive)
    for r in found:
        db.reuse_save_pair(
            archive, r["a_id"], r["b_id"], bool(r["same_paper"]), r["chars"], r["identity"], r["passages"]
        )
    db.save_settings(archive, settings)
    archive.commit()
    return len(found)
