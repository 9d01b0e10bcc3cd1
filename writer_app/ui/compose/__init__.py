"""A new text from a brief: the brief, the outline, the draft, and writing templates."""
