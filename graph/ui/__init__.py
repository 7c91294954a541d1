"""Streamlit rendering helpers for app.py, one module per view; no graph logic here."""
