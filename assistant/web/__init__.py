"""The web adapter: Gradio page, JSON API, staff tab, HTML rendering, feedback store."""
