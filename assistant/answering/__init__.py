"""Request to draft: generator seam, evidence, extractive and LLM generators, citations."""
