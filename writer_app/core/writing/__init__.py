"""One request and its answer: prompts, chat templates, the answer stream, checks, drafts."""
