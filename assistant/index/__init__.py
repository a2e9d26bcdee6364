"""The searchable index: Chroma generations, store, embeddings and hybrid retrieval."""
