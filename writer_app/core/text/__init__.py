"""Rules about text and nothing else: units and counts, sentence ends, lines, the diff."""
