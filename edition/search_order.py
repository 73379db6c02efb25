"""The Pagefind index in one order, so that two builds of the same pages give the same bytes.

Pagefind (1.5) writes the values of each filter, and the list of filters of each language, in the order of a
hash map seeded anew on every run; the files holding them are named by a hash of their content, so their names
change too, and with them the language's metadata file and `pagefind-entry.json`, which name them. Everything
else it writes is already the same from run to run. This module puts those lists in order and names the files
again from their new content:

- `filter/<lang>_<hash>.pf_filter`: [filter name, [[value, [page, …]], …]] — values sorted;
- `pagefind.<lang>_<hash>.pf_meta`: its list of [filter name, file hash] sorted by name, with the new hashes;
- `pagefind-entry.json`: each language's metadata hash, languages in the order of their names.

The files are gzip-compressed (written again with no timestamp) and, after the signature `pagefind_dcd`, CBOR
(RFC 8949); the few types Pagefind uses (integers, strings, arrays, maps) are read and written here. A file
that is not what this module expects is left as Pagefind wrote it, and the index still works: only its bytes
may then differ between builds.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # the place of the list of [filter name, file hash] in a language's metadata file


class NotPagefind(ValueError):
    """The file is not in the format this module knows."""


def put_in_order(index: Path) -> None:
    """Rewrite the filter and metadata files of the Pagefind index in `index` in a fixed order."""
    entry_path = index / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        for language in languages.values():
            language["hash"] = _order_language(index, language["hash"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, NotPagefind):
        return  # left as Pagefind wrote it (see the module's docstring)
    entry["languages"] = dict(sorted(languages.items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _order_language(index: Path, meta_hash: str) -> str:
    """Order one language's filters and metadata; its new metadata hash."""
    lang = meta_hash.split("_", 1)[0]
    meta_path = index / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_path)
    filters = []
    for name, file_hash in meta[META_FILTERS]:
        path = index / "filter" / f"{file_hash}.pf_filter"
        filter_name, values = _read(path)
        data = encode([filter_name, sorted(([value, sorted(pages)] for value, pages in values), key=_value_key)])
        new_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:7]}"
        path.unlink()
        _write(index / "filter" / f"{new_hash}.pf_filter", data)
        filters.append([name, new_hash])
    meta[META_FILTERS] = sorted(filters)
    data = encode(meta)
    new_meta_hash = f"{lang}_{hashlib.sha256(data).hexdigest()[:10]}"
    meta_path.unlink()
    _write(index / f"pagefind.{new_meta_hash}.pf_meta", data)
    return new_meta_hash


def _value_key(item: list) -> tuple:
    return (item[0], item[1])


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise NotPagefind(path.name)
    value, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise NotPagefind(path.name)
    return value


def _write(path: Path, cbor: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + cbor, compresslevel=9, mtime=0))


# --- CBOR: the part Pagefind uses ------------------------------------------------------------------------

def decode(data: bytes, at: int = 0):
    """The CBOR value at `at`, and where it ends."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise NotPagefind(f"CBOR item {head:#x}")
    if major == 0:
        return length, at
    if major == 1:
        return -1 - length, at
    if major in (2, 3):
        chunk = data[at:at + length]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(length):
            key, at = decode(data, at)
            mapping[key], at = decode(data, at)
        return mapping, at
    raise NotPagefind(f"CBOR major type {major}")


def encode(value) -> bytes:
    """`value` as CBOR, every length in its shortest form."""
    if isinstance(value, bool) or value is None:
        raise NotPagefind(f"CBOR value {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise NotPagefind(f"CBOR value of type {type(value).__name__}")


def _head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if length < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, length)
    raise NotPagefind(f"CBOR length {length}")
