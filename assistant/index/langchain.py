"""Any `Retriever` as a LangChain `BaseRetriever`, for chains such as an LLM generator's."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.index.retrieval import Retriever


class LangChainRetriever(BaseRetriever):
    """Exposes any `Retriever` to LangChain chains (e.g. an LLM generator's prompt)."""

    retriever: Retriever
    k: int = 5

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        return [
            LCDocument(
                page_content=p.text,
                id=p.chunk_id,
                metadata={
                    "doc_id": p.doc_id,
                    "chunk_id": p.chunk_id,
                    "title": p.title,
                    "published": p.published.isoformat() if p.published else None,
                    "url": p.url,
                    "score": p.score,
                },
            )
            for p in self.retriever.retrieve(query, self.k)
        ]
