"""NLU cross-validation: intent F1 and FAQ response selection, from `rasa test nlu --cross-validation`.

`rasa test nlu` reads only data/ and ignores the importer named in config.yml, so it would leave out the
examples generated from the content files (FAQ questions, attraction names). The whole training data,
as `rasa train` sees it, is therefore written to one file first and that file is cross-validated. Few
folds (3 by default): each fold trains the full pipeline, and the machine has two cores.

    .venv/bin/python -m bench.nlu_cv [--folds 3]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

from bench.assistants import KEEP_HELP, bench_dir, remove, run_rasa
from bench.report import save, table, standalone
from bot.processes.model import rasa_command
from bot.settings import settings

REPORTS = {"intents": "intent_report.json", "FAQ response selection": "response_selection_report.json"}


def project_nlu_data():
    """The NLU training data exactly as `rasa train` reads it: data/ plus the importer in config.yml."""
    from rasa.shared.importers.importer import TrainingDataImporter

    root = settings().root
    return TrainingDataImporter.load_from_config(
        str(root / "config.yml"), str(root / "domain.yml"), [str(root / "data")]
    ).get_nlu_data()


def cross_validate(folds: int, work: Path) -> Dict[str, Dict[str, float]]:
    data = work / "nlu.yml"
    data.write_text(project_nlu_data().nlu_as_yaml(), encoding="utf-8")
    out = work / "results"
    run_rasa(
        [
            rasa_command(),
            "test",
            "nlu",
            "--cross-validation",
            "--folds",
            str(folds),
            "--nlu",
            str(data),
            "--config",
            str(settings().root / "config.yml"),
            "--out",
            str(out),
            "--no-plot",
        ],
        settings().root,
    )
    return {name: _figures(out / report) for name, report in REPORTS.items() if (out / report).exists()}


def _figures(report: Path) -> Dict[str, float]:
    """Accuracy, weighted and macro F1 over the test folds, and the weakest labels."""
    found = json.loads(report.read_text(encoding="utf-8"))
    labels = {
        name: values
        for name, values in found.items()
        if isinstance(values, dict) and "support" in values and name not in ("macro avg", "weighted avg", "micro avg")
    }
    weakest = sorted(labels, key=lambda name: labels[name]["f1-score"])[:3]
    return {
        "accuracy": found.get("accuracy", found.get("micro avg", {}).get("f1-score", 0.0)),
        "weighted_f1": found["weighted avg"]["f1-score"],
        "macro_f1": found["macro avg"]["f1-score"],
        "labels": len(labels),
        "weakest": {name: round(labels[name]["f1-score"], 3) for name in weakest},
    }


def print_cv(figures: Dict[str, Dict], folds: int, seconds: float) -> None:
    rows = [
        [
            name,
            f"{f['weighted_f1']:.3f}",
            f"{f['macro_f1']:.3f}",
            f"{f['accuracy']:.3f}",
            f["labels"],
            ", ".join(f"{label} {score:.2f}" for label, score in f["weakest"].items()),
        ]
        for name, f in figures.items()
    ]
    print(
        f"\n`rasa test nlu --cross-validation --folds {folds}` on the full training data ({seconds / 60:.1f} min), "
        "test folds:"
    )
    print(table(["", "weighted F1", "macro F1", "accuracy", "labels", "weakest F1"], rows))


def measure(folds: int, keep: bool) -> Dict:
    work = Path(tempfile.mkdtemp(prefix="nlu-cv-", dir=bench_dir()))
    started = time.monotonic()
    try:
        print(
            f"Cross-validating the NLU pipeline with {folds} folds: each fold trains the pipeline, about 10 "
            "minutes a fold on two busy cores (Rasa's own log is shown only if it fails)...",
            flush=True,
        )
        figures = cross_validate(folds, work)
    finally:
        if not keep:
            remove(work)
    print_cv(figures, folds, time.monotonic() - started)
    if keep:
        print("  Reports, with every wrongly predicted example:", work / "results")
    return {"folds": folds, "reports": figures}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--folds", type=int, default=3, help="cross-validation folds (default 3)")
    parser.add_argument("--keep", action="store_true", help=KEEP_HELP)


def run(args: argparse.Namespace) -> Dict:
    figures = measure(args.folds, args.keep)
    print("Saved to", save(bench_dir() / "results", "nlu_cv", figures))
    return figures


def main(argv: Optional[List[str]] = None) -> int:
    return standalone("python -m bench.nlu_cv", __doc__, add_arguments, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
