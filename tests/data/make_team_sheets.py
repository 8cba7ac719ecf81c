"""Write the team sheets of tests/data (run from the repository root to regenerate them).

The initiatives are those of team_sheet_25.csv, kept as a strategy team keeps them:
a title row above the header, headers with units and scales, owners and notes, a
Windows-1252 CSV export (Excel's "CSV (Comma delimited)") with accents and a euro sign.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).parent

HEADER = [
    "Initiative",
    "Owner",
    "Business value (1-5)",
    "Desirability (1-5)",
    "Technical feasibility (1-5)",
    "Effort (person-weeks)",
    "Depends on",
    "Notes",
]

DEPENDS = {
    "Member community forum": "Loyalty programme with two-way feedback",
    "Self-service returns portal": "Order data platform",
    "Same-day delivery in city centres": "Warehouse picking robots",
    "Mobile app redesign with customer panels": "Order data platform",
    "Live chat with real advisers": "Personal onboarding calls; Member community forum",
    "Fraud scoring for online orders": "Order data platform",
    "Kiosk for in-store stock lookup": "Order data platform",
}

NOTES = {
    "Loyalty programme with two-way feedback": "Café pilot first, customers as evangelists",
    "Premium €5 delivery pass": "Priced at €5 a month",
    "Voice assistant on the toaster": "Just because we can?",
    "Annual customer festival": "Crème de la crème of our fans",
}


def rows() -> list[list[object]]:
    out = []
    with open(HERE / "team_sheet_25.csv", encoding="utf-8", newline="") as file:
        for record in csv.DictReader(file):
            name = record["name"].replace("$5", "€5")
            out.append(
                [
                    name,
                    "Café & Retail" if record["owner"] == "Retail" else record["owner"],
                    int(record["viability"]),
                    int(record["desirability"]),
                    int(record["feasibility"]),
                    int(record["effort"]),
                    DEPENDS.get(name, ""),
                    NOTES.get(name, ""),
                ]
            )
    return out


def write_xlsx(path: Path, header: list[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ideas"
    sheet["A1"] = "Strategy portfolio, Q3 — scored by the leadership team"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])  # row 2 blank
    sheet.append(header)  # row 3
    for row in rows():
        sheet.append([cell if cell != "" else None for cell in row])
    notes = book.create_sheet("Read me")
    notes["A1"] = "Scores 1 (low) to 5 (high); effort in person-weeks."
    book.save(path)


def write_cp1252(path: Path, header: list[str]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows())
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def main() -> None:
    customer = [h.replace("Desirability", "Customer desirability") for h in HEADER]
    write_xlsx(HERE / "team_sheet_25.xlsx", HEADER)
    write_cp1252(HERE / "team_sheet_25_cp1252.csv", HEADER)
    write_xlsx(HERE / "team_sheet_25_customer.xlsx", customer)
    write_cp1252(HERE / "team_sheet_25_customer_cp1252.csv", customer)


if __name__ == "__main__":
    main()
