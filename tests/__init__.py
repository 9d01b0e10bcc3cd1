"""The test suite: unit (no display), integration (real llama.cpp), gui (pytest-qt), e2e."""
