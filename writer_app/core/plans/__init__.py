"""Work of many requests: a composed draft, a long summary, writing templates."""
