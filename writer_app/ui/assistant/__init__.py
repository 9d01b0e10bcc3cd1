"""The assistant's requests and their results: streams, drafts, panels, history."""
