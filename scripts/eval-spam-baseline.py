"""scikit-learn baseline for scripts/eval-spam: TF-IDF (word 1-2-grams + char 3-5-grams)
and logistic regression, on the split the Rust example exported."""
import json
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union


def load(path):
    rows = [json.loads(l) for l in open(path, encoding="utf-8")]
    train = [(r["text"], r["spam"]) for r in rows if r["split"] == "train"]
    test = [(r["text"], r["spam"]) for r in rows if r["split"] == "test"]
    return train, test


def fit(rows):
    pipe = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2),
        ),
        LogisticRegression(C=10.0, max_iter=2000),
    )
    pipe.fit([t for t, _ in rows], [y for _, y in rows])
    return pipe


def report(what, model, rows):
    pred = model.predict([t for t, _ in rows])
    tp = sum(1 for (_, y), p in zip(rows, pred) if y and p)
    fp = sum(1 for (_, y), p in zip(rows, pred) if not y and p)
    fn = sum(1 for (_, y), p in zip(rows, pred) if y and not p)
    ham = sum(1 for _, y in rows if not y)
    prec = tp / max(tp + fp, 1)
    rec = tp / max(tp + fn, 1)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"  {what:<11} precision {prec:.3}  recall {rec:.3}  F1 {f1:.3}  "
          f"ham wrongly flagged {100 * fp / max(ham, 1):.2f}% ({fp}/{ham})")


def main():
    d = Path(sys.argv[1])
    sets = {
        name: load(d / f"{name}.jsonl")
        for name in ("ads", "sms", "spamassassin")
        if (d / f"{name}.jsonl").exists()
    }
    for name, (train, test) in sets.items():
        print(f"\n[{name}] train {len(train)}, test {len(test)}")
        report("sklearn", fit(train), test)
    sets.pop("ads", None)
    if len(sets) < 2:
        return
    names = list(sets)
    for a, b in ((names[0], names[1]), (names[1], names[0])):
        print(f"\n[cross] train on all of {a}, test on all of {b}")
        report("sklearn", fit(sets[a][0] + sets[a][1]), sets[b][0] + sets[b][1])


if __name__ == "__main__":
    main()
