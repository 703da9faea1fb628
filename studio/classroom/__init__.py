"""The classroom: what the class shares (the Workspace) and what is one learner's (sessions), the
predict-then-reveal rounds, the class's record in SQLite, and the lab reports."""
