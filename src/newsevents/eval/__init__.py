"""eval stage: gold files and events in, score reports out.

`score_article` / `score_sentences` are pure scoring over records; `evaluate` loads the files,
runs an engine when events must be extracted, and scores.
"""

from newsevents.eval.models import ArticleGold, ArticleReport, SentenceGold, SentenceReport
from newsevents.eval.run import (
    evaluate,
    evaluate_article,
    evaluate_sentences,
    load_article_gold,
    load_events,
    load_sentence_gold,
)
from newsevents.eval.scoring import score_article, score_sentences

__all__ = [
    "ArticleGold",
    "ArticleReport",
    "SentenceGold",
    "SentenceReport",
    "evaluate",
    "evaluate_article",
    "evaluate_sentences",
    "load_article_gold",
    "load_events",
    "load_sentence_gold",
    "score_article",
    "score_sentences",
]
