"""Knowledge: documents read and chunked, embedded and searched (FAISS), the focused passages a
small model reads, and retrieval scored on its own."""
