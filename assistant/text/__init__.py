"""German text helpers: folding, stemming, dates, sentences, names, places, questions."""
