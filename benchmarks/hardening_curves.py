#!/usr/bin/env python3
"""Cost curves: validation, HTML and PDF at 1×, 2×, 4× and 8× an input that grows in one way.

    python benchmarks/hardening_curves.py [--only NAME ...] [--markdown]

Each curve grows one thing in a copy of the essay (tei/sedova-1941-davies.xml) and times the step of the
build it concerns, as the build runs it (edition.validate.Validator, edition.workers.run_text):

    validate-problems   problems found: empty body paragraphs with a wrong number (2 problems each)
    validate-size       the length of the text: its body repeated
    html-size           the reading page of that text
    html-corrections    corrections (choice/sic/corr) in one paragraph
    print-corrections   the print stylesheet alone (xslt/print.xsl) on those corrections
    pdf-corrections     the whole PDF of those corrections
    pdf-id-length       the PDF of a text whose first paragraph's ID is that many characters long
    pdf-size            the PDF of the repeated text

Every point runs in a fresh process (so that its peak memory is its own), which first prepares what the
step needs (stylesheets compiled, on the essay) and then times the step once. The machine may be shared:
beside the wall time each point reports the CPU time of its process (user + system, Saxon's threads
included), which another process's load does not inflate; the load average is printed with the results.
Linear cost: each row's time about doubles from one column to the next (the ratio 8×/1× near 8).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ESSAY = ROOT / "tei" / "sedova-1941-davies.xml"
DOC = "sedova-1941-davies"
FACTORS = (1, 2, 4, 8)
CURVES = {  # name: (the unit grown, its value at 1×)
    "validate-problems": ("problems", 1000),
    "validate-size": ("copies of the body", 2),
    "html-size": ("copies of the body", 2),
    "html-corrections": ("corrections", 500),
    "print-corrections": ("corrections", 1000),
    "pdf-corrections": ("corrections", 100),
    "pdf-id-length": ("characters of the ID", 5000),
    "pdf-size": ("copies of the body", 1),
}


# --- the inputs -------------------------------------------------------------------------------------

def with_problems(count: int) -> bytes:
    """`count` problems: empty paragraphs (ed-p-empty) numbered 7 (ed-p-number), at the end of the body."""
    text = ESSAY.read_text(encoding="utf-8")
    at = text.rindex("</div>", 0, text.index("</body>"))
    paragraphs = "".join(f'<p xml:id="{DOC}.e{i}" n="7"></p>\n' for i in range(count // 2))
    return (text[:at] + paragraphs + text[at:]).encode("utf-8")


def repeated(copies: int) -> bytes:
    """The body repeated `copies` times, its IDs made unique and its paragraphs numbered on (valid)."""
    from lxml import etree

    from edition import NS, XML_NS
    from edition.xmlsafe import parse_file

    xml_id = f"{{{XML_NS}}}id"
    tree = parse_file(ESSAY)
    body = tree.find(".//tei:body", NS)
    divisions = [d for d in body if isinstance(d.tag, str)]
    for n in range(2, copies + 1):
        for division in divisions:
            clone = copy.deepcopy(division)
            for el in clone.iter():
                if isinstance(el.tag, str) and el.get(xml_id):
                    el.set(xml_id, f"{el.get(xml_id)}x{n}")
            body.append(clone)
    for number, paragraph in enumerate(body.xpath("(.//tei:div | .)/tei:p", namespaces=NS), 1):
        paragraph.set("n", str(number))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def with_corrections(count: int) -> bytes:
    """`count` short corrections in ¶ 2 ("Stalin’ s" corrected to "Stalin’s" by the editors; valid)."""
    words = " ".join(f'Stalin<choice xml:id="{DOC}.cx{i}"><sic>’ s</sic><corr type="stray-space" resp="#sde">’s'
                     f"</corr></choice> w{i}" for i in range(count))
    anchor = f'<p xml:id="{DOC}.p2" n="2">'
    return ESSAY.read_text(encoding="utf-8").replace(anchor, anchor + words + " ", 1).encode("utf-8")


def with_long_id(length: int) -> bytes:
    """¶ 1's ID `length` characters long (a lenient build: the register of published IDs knows the old one)."""
    old = f'"{DOC}.p1"'
    new = f'"{DOC}.p{"x" * max(0, length - len(DOC) - 2)}"'
    return ESSAY.read_text(encoding="utf-8").replace(old, new).encode("utf-8")


INPUTS = {"validate-problems": with_problems, "validate-size": repeated, "html-size": repeated,
          "html-corrections": with_corrections, "print-corrections": with_corrections,
          "pdf-corrections": with_corrections, "pdf-id-length": with_long_id, "pdf-size": repeated}


# --- one point, in its own process ------------------------------------------------------------------

def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def point(curve: str, value: int) -> dict:
    from edition.workers import Settings, TextTask, run_text

    folder = Path(tempfile.mkdtemp(prefix="curve-"))
    source = folder / "tei" / f"{DOC}.xml"
    source.parent.mkdir()
    source.write_bytes(INPUTS[curve](value))
    settings = Settings(lenient=curve == "pdf-id-length")
    if curve.startswith("validate"):
        from edition.validate import Validator

        validator = Validator()
        validator.validate_file(ESSAY)
        step = lambda: len(validator.validate_file(source).problems)
    elif curve == "print-corrections":
        from edition.pdf import PrintTransform
        from edition.xmlsafe import parse_file

        transform = PrintTransform()
        transform.render(parse_file(ESSAY))
        tree = parse_file(source)
        step = lambda: len(transform.render(tree).html)
    else:
        output = "pdf" if curve.startswith("pdf") else "html"
        run_text(TextTask(str(ESSAY), str(folder / "warm"), settings, outputs=(output,)))
        task = TextTask(str(source), str(folder / "stage"), settings, outputs=(output,))

        def step():
            outcome = run_text(task)
            assert outcome.ok, outcome.problems[:3]
            return outcome.timings.get(output, 0.0)
    cpu, wall = _cpu(), time.perf_counter()
    result = step()
    return {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu, "result": result,
            "bytes": source.stat().st_size,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(curve: str, value: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--point", curve, str(value)], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{curve} {value}: failed\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CURVES), help="these curves (default: all)")
    parser.add_argument("--point", nargs=2, metavar=("CURVE", "VALUE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.point:
        print(json.dumps(point(args.point[0], int(args.point[1]))))
        return
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{os.cpu_count()} cores", flush=True)
    print("| step | grows | 1× | 2× | 4× | 8× | CPU 8×/1× |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for curve in args.only or list(CURVES):
        unit, base = CURVES[curve]
        cells, cpus = [], []
        for factor in FACTORS:
            found = measure(curve, base * factor)
            cpus.append(found["cpu"])
            cells.append(f"{base * factor:,}: {found['cpu']:.2f} s CPU / {found['wall']:.2f} s, "
                         f"{found['peak_mb']:.0f} MB")
        print(f"| {curve} | {unit} | {' | '.join(cells)} | {cpus[-1] / max(cpus[0], 1e-3):.1f} |", flush=True)
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
