"""The evidence explorer: one self-contained HTML page showing the article with every evidence span drawn on
its words (`python -m dataset explore`, and `docs/explorer.html` from the build)."""

from dataset.explore.page import EXPLORER_PATH, explorer_html

__all__ = ["EXPLORER_PATH", "explorer_html"]
