"""The model: one base model loaded once (the local backend), the generator seam every other part uses,
the chat frame, where weights come from, and the class's one gate to the model (the scheduler)."""
