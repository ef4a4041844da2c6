"""``import_legacy PATH [PATH ...]``: import the old site's press releases from text files."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.archive.importer import LegacyImportError, Outcome, import_release
from articles.archive.parser import parse
from articles.archive.release import LegacyParseError

FAILED = "failed"


@dataclass
class FileReport:
    """What happened to one file, as printed and as written by ``--json``."""

    path: str
    outcome: str  # one of Outcome, or "failed"
    reason: str = ""
    line: int | None = None
    title: str = ""
    published_at: str = ""
    url: str = ""
    warnings: list[dict] = field(default_factory=list)

    def where(self, line: int | None) -> str:
        return f"{self.path}:{line}" if line else self.path


class Command(BaseCommand):
    help = (
        "Import press releases scraped from the old site. Each PATH is a .txt file or a "
        "folder searched recursively for .txt files. Each file is imported in its own "
        "transaction; a file that cannot be read is reported and skipped. Exits non-zero "
        "when any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report, but write nothing."
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print a JSON report on stdout."
        )

    def handle(self, *args, paths, dry_run, as_json, verbosity, **options):
        files, reports = collect_files(paths)
        progress = tqdm(
            files,
            desc="Importing",
            unit="file",
            file=_RawStream(self.stderr),
            disable=as_json or verbosity == 0 or not files,
        )
        reports += [import_file(path, dry_run=dry_run) for path in progress]
        counts = {kind: 0 for kind in [*map(str, Outcome), FAILED]}
        for report in reports:
            counts[report.outcome] += 1
        if as_json:
            document = {"dry_run": dry_run, "summary": counts, "files": list(map(asdict, reports))}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self._print(reports, counts, dry_run=dry_run, verbosity=verbosity)
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} of {len(reports)} files failed.")

    def _print(self, reports: list[FileReport], counts: dict, *, dry_run: bool, verbosity: int):
        for report in reports:
            if report.outcome == FAILED:
                self.stderr.write(f"FAILED {report.where(report.line)}: {report.reason}")
                continue
            if verbosity >= 2:
                self.stdout.write(f"{report.outcome} {report.path} -> {report.url}")
            if verbosity >= 1:
                for warning in report.warnings:
                    where = report.where(warning["line"])
                    self.stderr.write(f"warning {where}: {warning['message']}", self.style.WARNING)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        summary = ", ".join(f"{kind} {number}" for kind, number in counts.items())
        self.stdout.write(summary, self.style.ERROR if counts[FAILED] else self.style.SUCCESS)


def collect_files(paths: list[Path]) -> tuple[list[Path], list[FileReport]]:
    """The files to import (folders searched recursively for ``*.txt``), each once, and a
    failed report for each path that does not exist."""
    files: dict[Path, Path] = {}
    missing = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".txt" and p.is_file())
        elif path.is_file():
            found = [path]
        else:
            missing.append(FileReport(str(path), FAILED, reason="no such file or folder"))
            continue
        for file in found:
            files.setdefault(file.resolve(), file)
    return list(files.values()), missing


def import_file(path: Path, *, dry_run: bool) -> FileReport:
    """Read, parse and import one file; every expected problem becomes a failed report."""
    report = FileReport(str(path), FAILED)
    try:
        release = parse(read_text(path))
        report.title = release.title
        report.published_at = release.published_at.isoformat()
        report.warnings = [asdict(warning) for warning in release.warnings]
        result = import_release(release=release, dry_run=dry_run)
    except LegacyParseError as error:
        report.reason, report.line = error.reason, error.line
    except (LegacyImportError, OSError) as error:
        report.reason = str(error)
    else:
        report.outcome = str(result.outcome)
        report.warnings += [{"line": None, "message": note} for note in result.notes]
        report.url = result.article.get_absolute_url() if result.article else ""
    return report


def read_text(path: Path) -> str:
    """The file as text: UTF-8, with or without a BOM. Other bytes are a parse error."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LegacyParseError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); convert the file to UTF-8", line
        ) from None


class _RawStream:
    """Lets tqdm draw on the command's stderr: OutputWrapper would end every write,
    including the bar's carriage-return redraws, with a newline, and colour it."""

    def __init__(self, wrapper) -> None:
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, style_func=str, ending="")

    def flush(self) -> None:
        self._wrapper.flush()

    def __getattr__(self, name: str):
        return getattr(self._wrapper, name)  # encoding and isatty, which tqdm consults
