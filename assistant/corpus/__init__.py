"""Files to `Document`s to chunks: loading, cleaning, formats and chunking of releases."""
