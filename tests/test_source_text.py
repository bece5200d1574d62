"""The article text shipped with the dataset is the received text, byte for byte."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "sources" / "tehran-times-2024-01-pakistan-iran.txt"
# The sha256 of the text as it was received, before any encoding (also text_sha256 in the records file).
RECEIVED_SHA256 = "95911f1acd779536f850d8a3453b6d6c5299dee7bb53a0e8f9a5cb14a92affbf"


def test_article_is_the_received_text() -> None:
    data = ARTICLE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == RECEIVED_SHA256
    text = data.decode("utf-8")
    assert len(text) == 5196
    assert text.count("\n") == 20 and not text.endswith("\n")
