"""The Streamlit layer: shared state and sidebar (state.py), cached runs (runs.py) and the pages (pages/)."""
